#!/usr/bin/env bash
# Gets an access token from the Eucaim dev OIDC provider (stand-in for LS Login).
# DEVELOPMENT ONLY. Needs bash, curl and openssl.
#
#   token.sh <login> [client] [--json]   authorization code + PKCE (S256), driven like a browser
#   token.sh --service [--json]          client credentials with eucaim-service
#
# Environment: ISSUER (default http://localhost:5100), SCOPE (default
# "openid profile email eduperson_entitlement offline_access").
# Prints the access token alone on stdout; --json prints the whole token response.
set -euo pipefail

ISSUER="${ISSUER:-http://localhost:5100}"
ISSUER="${ISSUER%/}"
SCOPE="${SCOPE:-openid profile email eduperson_entitlement offline_access}"
REDIRECT_URI="http://127.0.0.1/callback"

die() { echo "token.sh: $*" >&2; exit 1; }
usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit "${1:-2}"
}

json=false service=false
args=()
for a in "$@"; do
  case "$a" in
    --json) json=true ;;
    --service) service=true ;;
    -h|--help) usage 0 ;;
    -*) die "unknown option $a (see --help)" ;;
    *) args+=("$a") ;;
  esac
done

if $service; then
  (( ${#args[@]} == 0 )) || die "--service takes no login"
else
  (( ${#args[@]} >= 1 && ${#args[@]} <= 2 )) || usage
fi
command -v curl >/dev/null || die "curl is required"

# Value of a top-level string member of a one-line JSON document.
json_str() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$2" | head -n1; }

discovery="$(curl -fsS --max-time 10 "$ISSUER/.well-known/openid-configuration" 2>/dev/null)" \
  || die "cannot reach the dev OIDC provider at $ISSUER (is it running? set ISSUER to its URL)"
token_endpoint="$(json_str token_endpoint "$discovery")"
authorization_endpoint="$(json_str authorization_endpoint "$discovery")"
[[ -n "$token_endpoint" && -n "$authorization_endpoint" ]] || die "$ISSUER does not look like an OpenID provider"

finish() {
  local response="$1" access_token
  access_token="$(json_str access_token "$response")"
  if [[ -z "$access_token" ]]; then
    die "token request refused: $(json_str error "$response") $(json_str error_description "$response")"
  fi
  if $json; then printf '%s\n' "$response"; else printf '%s\n' "$access_token"; fi
}

if $service; then
  response="$(curl -sS --max-time 10 -u eucaim-service:dev-service-secret \
    -d grant_type=client_credentials -d scope=eucaim.service "$token_endpoint")" \
    || die "token request to $token_endpoint failed"
  finish "$response"
  exit 0
fi

login="${args[0]}"
client_id="${args[1]:-eucaim-cli}"
command -v openssl >/dev/null || die "openssl is required (PKCE S256 challenge)"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
verifier="$(openssl rand 48 | b64url)"
challenge="$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)"
state="$(openssl rand 16 | b64url)"
nonce="$(openssl rand 16 | b64url)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jar="$work/cookies" headers="$work/headers" body="$work/body"
origin="$(sed -E 's#^(https?://[^/]+).*#\1#' <<<"$ISSUER")"

# One browser-like request: keeps cookies, never follows redirects; sets $status and $location.
request() {
  status="$(curl -sS --max-time 10 -b "$jar" -c "$jar" -D "$headers" -o "$body" -w '%{http_code}' "$@")" \
    || die "request to $ISSUER failed"
  location="$(tr -d '\r' <"$headers" | sed -n 's/^[Ll]ocation: //p' | tail -n1)"
  if [[ "$location" == /* ]]; then location="$origin$location"; fi
}

request -G "$authorization_endpoint" \
  --data-urlencode "client_id=$client_id" \
  --data-urlencode "response_type=code" \
  --data-urlencode "redirect_uri=$REDIRECT_URI" \
  --data-urlencode "scope=$SCOPE" \
  --data-urlencode "state=$state" \
  --data-urlencode "nonce=$nonce" \
  --data-urlencode "code_challenge=$challenge" \
  --data-urlencode "code_challenge_method=S256"

code=""
url="$authorization_endpoint"
for _ in $(seq 1 12); do
  if [[ "$status" == 30[1237] ]]; then
    [[ -n "$location" ]] || die "redirect without Location from $url"
    if [[ "$location" == "$REDIRECT_URI"* ]]; then
      query="${location#*\?}"
      err="$(sed -n 's/.*[?&]\{0,1\}error=\([^&]*\).*/\1/p' <<<"$query")"
      [[ -z "$err" ]] || die "authorization refused: $err $(sed -n 's/.*error_description=\([^&]*\).*/\1/p' <<<"$query" | sed 's/+/ /g; s/%20/ /g')"
      code="$(sed -n 's/^\(.*&\)\{0,1\}code=\([^&]*\).*/\2/p' <<<"$query")"
      got_state="$(sed -n 's/^\(.*&\)\{0,1\}state=\([^&]*\).*/\2/p' <<<"$query")"
      [[ "$got_state" == "$state" ]] || die "state mismatch in the authorization response"
      break
    fi
    url="$location"
    request "$url"
  elif [[ "$status" == 200 && "$url" =~ /interaction/[A-Za-z0-9_-]+$ ]]; then
    request --data-urlencode "user=$login" "$url/login"
    if [[ "$status" == 400 ]]; then
      die "sign-in as '$login' refused: $(grep -o 'Unknown user[^<]*' "$body" | head -n1 | sed 's/&quot;/"/g')"
    fi
    url="$url/login"
  else
    msg="$(grep -o '<dd>[^<]*</dd>' "$body" 2>/dev/null | head -n2 | sed 's/<[^>]*>//g' | paste -sd ' ' - \
      | sed "s/&#39;/'/g; s/&quot;/\"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g" || true)"
    [[ -n "$msg" ]] || msg="$(head -c 300 "$body")"
    die "unexpected HTTP $status from $url: $msg"
  fi
done
[[ -n "$code" ]] || die "no authorization code received (too many redirects?)"

response="$(curl -sS --max-time 10 \
  --data-urlencode grant_type=authorization_code \
  --data-urlencode "code=$code" \
  --data-urlencode "redirect_uri=$REDIRECT_URI" \
  --data-urlencode "client_id=$client_id" \
  --data-urlencode "code_verifier=$verifier" \
  "$token_endpoint")" || die "token request to $token_endpoint failed"
finish "$response"
