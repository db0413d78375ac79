/**
 * Vant's function-style components (toast, dialog) are not seen by the component auto-importer,
 * so their styles are imported here; views import these helpers from this module only.
 */
import "vant/es/toast/style";
import "vant/es/dialog/style";

export { showToast, showConfirmDialog } from "vant";
