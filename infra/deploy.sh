#!/usr/bin/env bash
# Deploy Luodi into the AWS account of the current credentials.
#
#   SENDER_EMAIL=hr-noreply@example.com infra/deploy.sh
#
# Settings (environment variables):
#   SENDER_EMAIL          required: From address of reminder mail (SES identity)
#   STAGE                 default prod; every stack and resource name carries it
#   APP_NAME              default luodi (must match app_name in .chalice/config.json)
#   AWS_REGION            default: the AWS CLI's configured region
#   VERIFY_SENDER_DOMAIN  true = verify the sender's whole domain (DKIM), default false
#   ALARM_EMAIL           optional address for CloudWatch alarm mail
#   WEB_DOMAIN, WEB_CERTIFICATE_ARN   optional custom domain for the web app (ACM cert in us-east-1)
#   PYTHON                interpreter with the dev requirements, chalice included (default: the project's .venv if present)
#
# Order: artifacts -> auth -> web -> data (its CORS rule needs the web origin) -> api (Chalice,
# needs data + auth outputs; customised by api_gateway.py) -> tenants' usage keys -> monitoring
# (needs the api's function names) -> web upload.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA="$ROOT/infra"
cd "$ROOT"

: "${SENDER_EMAIL:?set SENDER_EMAIL to the From address of reminder mail}"
STAGE="${STAGE:-prod}"
APP_NAME="${APP_NAME:-luodi}"
VERIFY_SENDER_DOMAIN="${VERIFY_SENDER_DOMAIN:-false}"
ALARM_EMAIL="${ALARM_EMAIL:-}"
WEB_DOMAIN="${WEB_DOMAIN:-}"
WEB_CERTIFICATE_ARN="${WEB_CERTIFICATE_ARN:-}"
AWS_REGION="${AWS_REGION:-$(aws configure get region || true)}"
: "${AWS_REGION:?set AWS_REGION (or configure a default region for the AWS CLI)}"
export AWS_REGION AWS_DEFAULT_REGION="$AWS_REGION"
if [[ -x "$ROOT/.venv/bin/python" ]]; then
  PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
fi
PYTHON="${PYTHON:-python3}"

PREFIX="$APP_NAME-$STAGE"
BUILD="$(mktemp -d)"
trap 'rm -rf "$BUILD"' EXIT

log() { printf '\n==> %s\n' "$*"; }

# deploy_stack NAME TEMPLATE [Key=Value ...]
deploy_stack() {
  local name="$1" template="$2"
  shift 2
  local args=(
    --stack-name "$name"
    --template-file "$template"
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND
    --no-fail-on-empty-changeset
    --tags "app=$APP_NAME" "stage=$STAGE"
  )
  if (($# > 0)); then args+=(--parameter-overrides "$@"); fi
  log "stack $name ($template)"
  aws cloudformation deploy "${args[@]}"
}

# output STACK KEY: one output value of a deployed stack; fails if the stack lacks it
output() {
  local value
  value="$(aws cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text)"
  if [[ -z "$value" || "$value" == "None" ]]; then
    echo "stack $1 has no output $2" >&2
    return 1
  fi
  printf '%s\n' "$value"
}

# save_outputs STACK: all outputs as JSON into $BUILD/outputs-STACK.json
save_outputs() {
  aws cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs" --output json >"$BUILD/outputs-$1.json"
}

log "account check"
CALLER_ARN="$(aws sts get-caller-identity --query Arn --output text)"
ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
PARTITION="$(cut -d: -f2 <<<"$CALLER_ARN")"
echo "deploying $PREFIX to account $ACCOUNT_ID ($PARTITION) in $AWS_REGION as $CALLER_ARN"

# --- Infrastructure stacks -------------------------------------------------------------------
COMMON=("AppName=$APP_NAME" "Stage=$STAGE")

deploy_stack "$PREFIX-artifacts" "$INFRA/artifacts.yaml" "${COMMON[@]}"
deploy_stack "$PREFIX-auth" "$INFRA/auth.yaml" "${COMMON[@]}"
deploy_stack "$PREFIX-web" "$INFRA/web.yaml" "${COMMON[@]}" \
  "DomainName=$WEB_DOMAIN" "CertificateArn=$WEB_CERTIFICATE_ARN"
WEB_ORIGIN="$(output "$PREFIX-web" WebOrigin)"
deploy_stack "$PREFIX-data" "$INFRA/data.yaml" "${COMMON[@]}" \
  "WebOrigin=$WEB_ORIGIN" "SenderEmail=$SENDER_EMAIL" "VerifySenderDomain=$VERIFY_SENDER_DOMAIN"

# --- The Chalice app (API Gateway + Lambdas + schedule + SQS trigger) --------------------------
log "chalice package (stage $STAGE)"
for stack in auth web data; do save_outputs "$PREFIX-$stack"; done
printf '{"Region": "%s", "AccountId": "%s", "Partition": "%s"}\n' \
  "$AWS_REGION" "$ACCOUNT_ID" "$PARTITION" >"$BUILD/outputs-account.json"
# Writes $BUILD/app/.chalice/{config.json,policy-$STAGE.json} and the stage's export lines
# (app.py reads some settings at import time, and chalice package imports it).
"$PYTHON" "$INFRA/chalice_stage.py" "$ROOT" "$BUILD/app" "$STAGE" "$BUILD"/outputs-*.json >"$BUILD/stage.env"
# shellcheck source=/dev/null
source "$BUILD/stage.env"
# `import app` registers no domain (a request loads its own): infra/chalice_cli.py loads them all,
# then runs chalice package, so the template declares every route.
(cd "$BUILD/app" && "$PYTHON" "$INFRA/chalice_cli.py" package --stage "$STAGE" "$BUILD/package")
# What chalice cannot express: gateway responses in the product's error shape, 405/404 answers,
# the usage plans (per-tenant throttling) and the authorizer as API key source.
"$PYTHON" "$INFRA/api_gateway.py" "$BUILD/package/sam.json" "$STAGE" "$WEB_ORIGIN"
# Bytecode in the zip: /var/task is read-only, so without it every cold start compiles what it imports.
"$PYTHON" "$INFRA/precompile.py" "$BUILD/package/deployment.zip" "$BUILD/package/sam.json"

log "upload Lambda package"
ARTIFACTS_BUCKET="$(output "$PREFIX-artifacts" ArtifactsBucket)"
aws cloudformation package \
  --template-file "$BUILD/package/sam.json" \
  --s3-bucket "$ARTIFACTS_BUCKET" \
  --s3-prefix "$STAGE" \
  --output-template-file "$BUILD/package/packaged.yaml"
deploy_stack "$PREFIX-api" "$BUILD/package/packaged.yaml"
API_URL="$(output "$PREFIX-api" EndpointURL)"

log "usage keys (one per tenant, in its tier's usage plan)"
# Sign-up creates a tenant's key; this gives one to tenants that have none (created before
# throttling existed, or the plans were re-created). Idempotent.
"$PYTHON" -c 'from chalicelib.tenancy.service import ensure_usage_keys as e; print(len(e()), "keys added")'

# --- Alarms ---------------------------------------------------------------------------------
FUNCTIONS="$(aws cloudformation describe-stack-resources --stack-name "$PREFIX-api" \
  --query "StackResources[?ResourceType=='AWS::Lambda::Function'].PhysicalResourceId" \
  --output text | tr -s '\t ' ',')"
TABLE_NAME="$(output "$PREFIX-data" TableName)"
DLQ_NAME="$(output "$PREFIX-data" RemindersDeadLetterQueueName)"
deploy_stack "$PREFIX-monitoring" "$INFRA/monitoring.yaml" "${COMMON[@]}" \
  "FunctionNames=$FUNCTIONS" \
  "TableName=$TABLE_NAME" \
  "DeadLetterQueueName=$DLQ_NAME" \
  "ApiName=$APP_NAME" \
  "AlarmEmail=$ALARM_EMAIL"

# --- Web app --------------------------------------------------------------------------------
log "build web app"
(cd static_site && npm ci && npm run build)
# One build serves every stage: the API address is runtime config, not baked into the bundle.
printf 'window.LUODI_CONFIG = { apiBaseUrl: "%s" };\n' "${API_URL%/}" >static_site/dist/config.js

log "upload web app"
WEB_BUCKET="$(output "$PREFIX-web" WebBucket)"
DISTRIBUTION_ID="$(output "$PREFIX-web" DistributionId)"
# Hashed assets can be cached for a year; index.html and config.js must be fetched fresh.
aws s3 sync static_site/dist "s3://$WEB_BUCKET" --delete \
  --exclude index.html --exclude config.js \
  --cache-control "public, max-age=31536000, immutable"
for file in index.html config.js; do
  aws s3 cp "static_site/dist/$file" "s3://$WEB_BUCKET/$file" --cache-control "no-cache"
done
aws cloudfront create-invalidation \
  --distribution-id "$DISTRIBUTION_ID" --paths "/*" >/dev/null

USER_POOL="$(output "$PREFIX-auth" UserPoolId)"
SES_IDENTITY="$(output "$PREFIX-data" SesIdentity)"
log "done"
cat <<EOF
web app:  $WEB_ORIGIN
API:      $API_URL
user pool $USER_POOL
SES:      confirm the identity $SES_IDENTITY (mail link or DKIM records);
          a new account's SES is in the sandbox until you request production access.
EOF
