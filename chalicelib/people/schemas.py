"""Input and output models of the person's file, its change requests and the tenant's custom fields.

The file extends an org person (``chalicelib.org``) by ``person_id``: the display name, unit,
position, manager and employee number stay there (the employee number is already unique per
tenant through the org's ``UNIQUE#EMPNO`` guard); the file response shows the employee number.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field

from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Number, Patch, Strict, Version
from chalicelib.org.schemas import PersonStatus

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE = r"^\+?[0-9][0-9 \-]{5,19}$"
BANK_ACCOUNT = r"^[0-9]{8,30}$"
MAX_CUSTOM_FIELDS = 50


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class IdType(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证: check digit validated, birth date and gender derived
    PASSPORT = "passport"


class HukouType(StrEnum):
    URBAN = "urban"  # 城镇
    RURAL = "rural"  # 农村


class Education(StrEnum):
    JUNIOR_HIGH = "junior_high"  # 初中及以下
    HIGH_SCHOOL = "high_school"  # 高中/中专
    ASSOCIATE = "associate"  # 大专
    BACHELOR = "bachelor"  # 本科
    MASTER = "master"  # 硕士
    DOCTORATE = "doctorate"  # 博士


class EmploymentType(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    INTERN = "intern"
    LABOUR_DISPATCH = "labour_dispatch"
    RETIRED_REHIRE = "retired_rehire"


class SensitiveField(StrEnum):
    """Sealed at rest with the tenant's data key, masked in every response, revealed one at a time."""

    ID_NUMBER = "id_number"
    BANK_ACCOUNT = "bank_account"
    ADDRESS = "address"
    EMERGENCY_CONTACT = "emergency_contact"
    HEALTH = "health"


SENSITIVE: tuple[str, ...] = tuple(f.value for f in SensitiveField)
# What a manager (of the person's unit or the person's line manager) and an executive see:
# what they need to run the team; nothing PIPL calls sensitive, no private contact or birth date.
MANAGER_VISIBLE: frozenset[str] = frozenset(
    {
        "legal_name",
        "gender",
        "education",
        "school",
        "start_date",
        "employment_type",
        "prior_working_years",
        "phone",
    }
)


def _one_decimal(value: float) -> float:
    return round(value, 1) + 0.0


WorkingYears = Annotated[
    float, Field(ge=0, le=60, description="years worked before joining (one decimal)"), AfterValidator(_one_decimal)
]
CustomValue = Annotated[str, Field(max_length=500)] | Number


class EmergencyContact(Strict):
    name: str = Field(min_length=1, max_length=40)
    relation: str = Field(min_length=1, max_length=20)
    phone: str = Field(pattern=PHONE)


_EXAMPLE: dict[str, Any] = {
    "legal_name": "陈静",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "address": "北京市朝阳区建国路 88 号",
    "hukou_type": "urban",
    "education": "bachelor",
    "emergency_contact": {"name": "陈明", "relation": "父亲", "phone": "13900139000"},
    "bank_name": "招商银行",
    "bank_account": "6225880112341234",
    "start_date": "2024-03-01",
    "prior_working_years": 3.5,
    "employment_type": "full_time",
}


class FileChanges(Patch):
    """The fields of a file one may change; a field not sent keeps its value."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"phone": "13700137000", "address": "上海市徐汇区"}]})
    CLEARABLE = frozenset(
        {
            "gender",
            "birth_date",
            "phone",
            "personal_email",
            "address",
            "hukou_type",
            "education",
            "school",
            "emergency_contact",
            "health",
            "bank_name",
            "bank_account",
            "prior_working_years",
        }
    )

    legal_name: str | None = Field(default=None, min_length=1, max_length=40)
    gender: Gender | None = None
    birth_date: date | None = None
    id_type: IdType | None = None
    id_number: str | None = Field(default=None, min_length=5, max_length=30)
    phone: str | None = Field(default=None, pattern=PHONE)
    personal_email: str | None = Field(default=None, pattern=EMAIL, max_length=120)
    address: str | None = Field(default=None, min_length=1, max_length=200)
    hukou_type: HukouType | None = None
    education: Education | None = None
    school: str | None = Field(default=None, min_length=1, max_length=80)
    emergency_contact: EmergencyContact | None = None
    health: str | None = Field(default=None, min_length=1, max_length=500)
    bank_name: str | None = Field(default=None, min_length=1, max_length=60)
    bank_account: str | None = Field(default=None, pattern=BANK_ACCOUNT)
    start_date: date | None = None
    prior_working_years: WorkingYears | None = None
    employment_type: EmploymentType | None = None
    custom: dict[str, CustomValue | None] | None = Field(
        default=None,
        max_length=MAX_CUSTOM_FIELDS,
        description="custom field id -> value; null clears a value that is not required",
    )


class FilePatch(FileChanges):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "phone": "13700137000"}]})

    version: Version


class FileWrite(Strict):
    """A whole file: creates it (no version) or replaces it (the version you read)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    version: Version | None = None
    legal_name: str = Field(min_length=1, max_length=40)
    gender: Gender | None = None
    birth_date: date | None = None
    id_type: IdType = IdType.RESIDENT_ID
    id_number: str = Field(min_length=5, max_length=30)
    phone: str | None = Field(default=None, pattern=PHONE)
    personal_email: str | None = Field(default=None, pattern=EMAIL, max_length=120)
    address: str | None = Field(default=None, min_length=1, max_length=200)
    hukou_type: HukouType | None = None
    education: Education | None = None
    school: str | None = Field(default=None, min_length=1, max_length=80)
    emergency_contact: EmergencyContact | None = None
    health: str | None = Field(default=None, min_length=1, max_length=500)
    bank_name: str | None = Field(default=None, min_length=1, max_length=60)
    bank_account: str | None = Field(default=None, pattern=BANK_ACCOUNT)
    start_date: date
    prior_working_years: WorkingYears = 0.0
    employment_type: EmploymentType
    custom: dict[str, CustomValue] = Field(default_factory=dict, max_length=MAX_CUSTOM_FIELDS)


class PersonFile(BaseModel):
    """A file as stored: the sensitive fields only as ciphertexts (``sealed``) and their masks."""

    person_id: str
    legal_name: str
    gender: Gender | None = None
    birth_date: date | None = None
    id_type: IdType = IdType.RESIDENT_ID
    phone: str | None = None
    personal_email: str | None = None
    hukou_type: HukouType | None = None
    education: Education | None = None
    school: str | None = None
    bank_name: str | None = None
    start_date: date
    prior_working_years: float = 0.0
    employment_type: EmploymentType
    custom: dict[str, CustomValue] = Field(default_factory=dict)
    sealed: dict[str, str] = Field(default_factory=dict)  # field -> "v1:" + base64(nonce + AES-GCM ciphertext)
    masks: dict[str, Any] = Field(default_factory=dict)  # field -> the masked display
    updated_at: str = ""
    erased_at: str | None = None  # set when the retention period ended and the file was reduced to its tombstone
    version: int = 0


class CustomShown(BaseModel):
    field_id: str
    label: dict[str, str]
    type: str
    value: CustomValue | None = None


class FileView(BaseModel):
    """A file as the caller may see it. Sensitive fields are masked; fields the caller may not see are
    null and named in ``hidden``."""

    person_id: str
    employee_no: str | None = None
    legal_name: str | None = None
    gender: Gender | None = None
    birth_date: date | None = None
    id_type: IdType | None = None
    id_number: str | None = Field(default=None, description="masked, e.g. 110105********002X")
    phone: str | None = None
    personal_email: str | None = None
    address: str | None = Field(default=None, description="masked: the first characters only")
    hukou_type: HukouType | None = None
    education: Education | None = None
    school: str | None = None
    emergency_contact: dict[str, str] | None = Field(default=None, description="masked name and phone")
    health: str | None = Field(default=None, description="masked")
    bank_name: str | None = None
    bank_account: str | None = Field(default=None, description="masked, e.g. **** **** 1234")
    start_date: date | None = None
    prior_working_years: float | None = None
    employment_type: EmploymentType | None = None
    custom: list[CustomShown] = Field(default_factory=list)
    masked: list[str] = Field(default_factory=list, description="sensitive fields shown masked (reveal them)")
    hidden: list[str] = Field(default_factory=list, description="fields the caller may not see")
    can_reveal: bool = False
    status: PersonStatus = Field(default=PersonStatus.ACTIVE, description="the person's status in the org")
    read_only: bool = Field(default=False, description="the person has left: the file is kept, read-only")
    erased_at: str | None = Field(
        default=None,
        description="when the retention period ended and the personal fields were erased (only the tombstone is left)",
    )
    updated_at: str = ""
    version: int = 0


class RevealRequest(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"field": "id_number"}]})

    field: SensitiveField


class Revealed(BaseModel):
    field: SensitiveField
    value: str | dict[str, str] | None


# ---- change requests ----------------------------------------------------------------------------


class ChangeStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ChangeRequestCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"changes": {"phone": "13700137000", "address": "上海市徐汇区漕溪北路 1 号"}, "note": "搬家了"}
            ]
        }
    )

    changes: FileChanges
    note: str | None = Field(default=None, min_length=1, max_length=300)


class ChangeRequest(BaseModel):
    """Stored: the proposed values in clear for ordinary fields, sealed (and masked) for sensitive ones."""

    request_id: str
    person_id: str
    status: ChangeStatus = ChangeStatus.PENDING
    plain: dict[str, Any] = Field(default_factory=dict)
    sealed: dict[str, str] = Field(default_factory=dict)
    masks: dict[str, Any] = Field(default_factory=dict)
    cleared: list[str] = Field(default_factory=list)
    note: str | None = None
    created_at: str
    created_by: str
    decided_at: str | None = None
    decided_by: str | None = None
    decision_note: str | None = None
    version: int = 0


class ChangeRequestView(BaseModel):
    request_id: str
    person_id: str
    status: ChangeStatus
    changes: dict[str, Any] = Field(description="proposed values; sensitive ones masked; null clears")
    note: str | None = None
    created_at: str
    decided_at: str | None = None
    decision_note: str | None = None
    version: int


class ChangeRequestList(Paged):
    items: list[ChangeRequestView] = Field(description="newest first")


class ChangeDecision(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "note": "已核对"}]})

    version: Version
    note: str | None = Field(default=None, min_length=1, max_length=300)


class ChangesQuery(Strict):
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class InboxQuery(Strict):
    status: ChangeStatus = ChangeStatus.PENDING
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


# ---- custom fields ------------------------------------------------------------------------------


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    PERSON = "person"


class Viewer(StrEnum):
    """Who sees a custom field besides HR and admins (who see every field)."""

    SELF = "self"  # the person whose file it is
    MANAGER = "manager"  # their managers and executives


Choice = Annotated[str, Field(min_length=1, max_length=40)]


class FieldCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "label_zh": "工服尺码",
                    "label_en": "Uniform size",
                    "type": "choice",
                    "choices": ["S", "M", "L"],
                    "required": False,
                    "visible_to": ["self", "manager"],
                }
            ]
        }
    )

    label_zh: str = Field(min_length=1, max_length=40)
    label_en: str = Field(min_length=1, max_length=60)
    type: FieldType
    choices: list[Choice] = Field(default_factory=list, max_length=50)
    required: bool = False
    visible_to: list[Viewer] = Field(default_factory=list, max_length=2)


class FieldUpdate(Patch):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "label_zh": "工服尺寸"}]})

    version: Version
    label_zh: str | None = Field(default=None, min_length=1, max_length=40)
    label_en: str | None = Field(default=None, min_length=1, max_length=60)
    choices: list[Choice] | None = Field(default=None, max_length=50)
    required: bool | None = None
    visible_to: list[Viewer] | None = Field(default=None, max_length=2)
    active: bool | None = None


class CustomField(BaseModel):
    field_id: str
    label_zh: str
    label_en: str
    type: FieldType
    choices: list[str] = Field(default_factory=list)
    required: bool = False
    visible_to: list[Viewer] = Field(default_factory=list)
    active: bool = True
    version: int = 0


class FieldList(Paged):
    items: list[CustomField] = Field(description="in creation order")


class FieldsQuery(Strict):
    limit: int = limit_field(50, 100)
    cursor: str | None = cursor_field()


# ---- PIPL: export of one person's data, legal holds ------------------------------------------------


class ExportQuery(Strict):
    full: bool = Field(default=False, description="sensitive values in full (HR or the person; audited)")


class ExportedPerson(BaseModel):
    person_id: str
    name: str
    employee_no: str | None = None
    email: str | None = None
    unit_id: str
    status: PersonStatus


class PersonExport(BaseModel):
    """Everything Luodi keeps about one person, machine-readable (个人信息保护法 art. 45)."""

    exported_at: str
    full: bool = Field(description="sensitive values are in full (else masked)")
    person: ExportedPerson
    file: dict[str, Any] | None = Field(description="the file's fields; sensitive ones masked unless full")
    custom: list[CustomShown] = Field(default_factory=list)
    contracts: list[dict[str, Any]] = Field(default_factory=list, description="newest start first")
    events: list[dict[str, Any]] = Field(default_factory=list, description="lifecycle events, newest first")
    history: list[dict[str, Any]] = Field(default_factory=list, description="assignment periods, newest first")
    change_requests: list[ChangeRequestView] = Field(default_factory=list, description="newest first, masked")
    leave_balances: list[dict[str, Any]] = Field(default_factory=list)


class LegalHoldSet(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"on_hold": True, "reason": "劳动仲裁 2026-123 号未结"}]})

    on_hold: bool
    reason: str = Field(min_length=1, max_length=300, description="why the hold is set or cleared (audited)")


class LegalHold(BaseModel):
    person_id: str
    on_hold: bool
    reason: str | None = None
    set_at: str | None = None
    set_by: str | None = None
