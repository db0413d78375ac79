#!/usr/bin/env bash
# Remove a Luodi stage's stacks.
#
#   infra/destroy.sh            delete the stacks; KEEP the table, the documents bucket and the
#                               user pool (HR data; CloudFormation retains them)
#   infra/destroy.sh --purge    also delete those three. Asks you to type the stage name,
#                               unless CONFIRM_PURGE=<stage> is set.
#
# Settings: STAGE (default prod), APP_NAME (default luodi), AWS_REGION.
set -euo pipefail

PURGE=false
case "${1:-}" in
  "") ;;
  --purge) PURGE=true ;;
  *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac

STAGE="${STAGE:-prod}"
APP_NAME="${APP_NAME:-luodi}"
AWS_REGION="${AWS_REGION:-$(aws configure get region || true)}"
: "${AWS_REGION:?set AWS_REGION (or configure a default region for the AWS CLI)}"
export AWS_REGION AWS_DEFAULT_REGION="$AWS_REGION"
PREFIX="$APP_NAME-$STAGE"

log() { printf '\n==> %s\n' "$*"; }

stack_exists() {
  aws cloudformation describe-stacks --stack-name "$1" >/dev/null 2>&1
}

# output STACK KEY: one output value, empty if the stack or the output is missing
output() {
  stack_exists "$1" || return 0
  local value
  value="$(aws cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text)"
  [[ "$value" == "None" ]] || printf '%s\n' "$value"
}

delete_stack() {
  if stack_exists "$1"; then
    log "delete stack $1"
    aws cloudformation delete-stack --stack-name "$1"
    aws cloudformation wait stack-delete-complete --stack-name "$1"
  else
    echo "stack $1 not found, skipping"
  fi
}

# A bucket must be empty before it can be deleted; this also removes old versions and
# delete markers, which `aws s3 rm --recursive` leaves behind.
empty_bucket() {
  local bucket="$1" batch
  [[ -n "$bucket" ]] || return 0
  log "empty s3://$bucket"
  while :; do
    # shellcheck disable=SC2016 # backticks are a JMESPath literal, not a command
    batch="$(aws s3api list-object-versions --bucket "$bucket" --max-items 500 --output json \
      --query '{Objects: [Versions, DeleteMarkers][].{Key: Key, VersionId: VersionId}, Quiet: `true`}')"
    [[ "$batch" == *'"Key"'* ]] || break
    aws s3api delete-objects --bucket "$bucket" --delete "$batch" >/dev/null
  done
}

if $PURGE && [[ "${CONFIRM_PURGE:-}" != "$STAGE" ]]; then
  read -r -p "This deletes ALL HR data of stage '$STAGE'. Type the stage name to confirm: " answer
  [[ "$answer" == "$STAGE" ]] || { echo "not confirmed, nothing deleted" >&2; exit 1; }
fi

# Read names first: the stacks that hold them are about to go.
TABLE="$(output "$PREFIX-data" TableName)"
DOCUMENTS_BUCKET="$(output "$PREFIX-data" DocumentsBucket)"
USER_POOL="$(output "$PREFIX-auth" UserPoolId)"
WEB_BUCKET="$(output "$PREFIX-web" WebBucket)"
ARTIFACTS_BUCKET="$(output "$PREFIX-artifacts" ArtifactsBucket)"

delete_stack "$PREFIX-monitoring"
delete_stack "$PREFIX-api"
empty_bucket "$WEB_BUCKET"
delete_stack "$PREFIX-web"
delete_stack "$PREFIX-data"
delete_stack "$PREFIX-auth"
empty_bucket "$ARTIFACTS_BUCKET"
delete_stack "$PREFIX-artifacts"

if ! $PURGE; then
  log "kept (retained): table ${TABLE:-?}, bucket ${DOCUMENTS_BUCKET:-?}, user pool ${USER_POOL:-?}"
  echo "run with --purge to delete them too"
  exit 0
fi

if [[ -n "$TABLE" ]]; then
  log "delete table $TABLE"
  aws dynamodb update-table --table-name "$TABLE" --no-deletion-protection-enabled >/dev/null
  aws dynamodb wait table-exists --table-name "$TABLE"
  aws dynamodb delete-table --table-name "$TABLE" >/dev/null
fi
if [[ -n "$DOCUMENTS_BUCKET" ]]; then
  empty_bucket "$DOCUMENTS_BUCKET"
  aws s3api delete-bucket --bucket "$DOCUMENTS_BUCKET"
fi
if [[ -n "$USER_POOL" ]]; then
  log "delete user pool $USER_POOL"
  # update-user-pool resets every setting it is not given; harmless here, the pool goes next.
  aws cognito-idp update-user-pool --user-pool-id "$USER_POOL" --deletion-protection INACTIVE
  aws cognito-idp delete-user-pool --user-pool-id "$USER_POOL"
fi
if [[ -z "$TABLE$DOCUMENTS_BUCKET$USER_POOL" ]]; then
  echo "the data/auth stacks were already gone: find the retained resources by the tags" \
    "app=$APP_NAME stage=$STAGE and delete them by hand" >&2
fi
log "purged"
