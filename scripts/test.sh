#!/usr/bin/env bash
# The one test command for auroradoc: the README, `make test` and CI
# (.ci/run) all run exactly this.
#
#   bash scripts/test.sh                        # vet + all tests, with -race
#   bash scripts/test.sh -run TestStartMariaDB  # extra args go to `go test`
#   bash scripts/test.sh -v ./internal/testbed/ # package args replace ./...
#
# Tests start their own private MariaDB servers (internal/testbed); no system
# MariaDB service is used or needed. The site's browser test (site/browser_test.go)
# drives a headless Chromium. When mariadbd or Chromium is missing this script
# installs it on Debian when run as root, otherwise it says what to install
# and fails under CI=true, or warns (tests then skip, saying why).
# The access engine's tests run DynamoDB Local (Java 17 + the jar of npm
# amplify-dynamodb-simulator, installed into ~/.cache/auroradoc/dynamodb-local
# when missing; AURORADOC_DYNAMODB_LOCAL_JAR is exported for internal/dynamolocal).
# Output is also written to test-artifacts/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

is_ci() { [[ "${CI:-}" == "true" ]]; }
log() { printf 'test.sh: %s\n' "$*" >&2; }
can_apt() { [[ $(id -u) -eq 0 && -f /etc/debian_version ]] && command -v apt-get >/dev/null; }

# find_mariadbd prints the server binary the tests will use, or nothing.
# Keep in sync with internal/testbed/binaries.go.
find_mariadbd() {
	if [[ -n "${AURORADOC_MARIADBD:-}" ]]; then
		echo "$AURORADOC_MARIADBD"
		return
	fi
	local p
	for p in "$(command -v mariadbd || true)" /usr/sbin/mariadbd /usr/local/sbin/mariadbd /usr/sbin/mysqld; do
		if [[ -n "$p" && -x "$p" ]]; then
			echo "$p"
			return
		fi
	done
}

# apt_install installs Debian packages without starting any service they ship.
apt_install() {
	local policy=/usr/sbin/policy-rc.d created=""
	if [[ ! -e "$policy" ]]; then
		# Deny service starts during this install only: tests run their own servers.
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		created=1
	fi
	local rc=0
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } || rc=$?
	if [[ -n "$created" ]]; then rm -f "$policy"; fi
	return "$rc"
}

# find_chromium prints the browser the browser test will use, or nothing.
# Keep in sync with chromiumPath in site/browser_test.go.
find_chromium() {
	if [[ -n "${AURORADOC_CHROMIUM:-}" ]]; then
		echo "$AURORADOC_CHROMIUM"
		return
	fi
	local p
	for p in /usr/bin/chromium "$(command -v chromium || true)"; do
		if [[ -n "$p" && -x "$p" ]]; then
			echo "$p"
			return
		fi
	done
}

need_chromium() {
	log "Chromium is needed: the site's browser test (site/browser_test.go) drives a headless Chromium."
	log "Install it with: apt-get install -y chromium (Debian; on Ubuntu use a non-snap Chromium or Google Chrome),"
	log "or set AURORADOC_CHROMIUM to a Chromium/Chrome binary."
}

need_mariadb() {
	log "MariaDB is needed: integration tests start private mariadbd instances."
	log "Install it with: apt-get install -y mariadb-server (Debian/Ubuntu; no service needs to run),"
	log "or set AURORADOC_MARIADBD to a mariadbd binary (mariadb-install-db must be installed too)."
}

# --- MariaDB ------------------------------------------------------------------
if [[ -n "${AURORADOC_MARIADBD:-}" && ! -x "$AURORADOC_MARIADBD" ]]; then
	log "AURORADOC_MARIADBD=$AURORADOC_MARIADBD is not an executable file; unset it or fix the path"
	exit 1
fi
mariadbd=$(find_mariadbd)
if [[ -z "$mariadbd" ]] && can_apt; then
	log "mariadbd not found; installing mariadb-server with apt-get (the system service is not started)"
	apt_install mariadb-server
	mariadbd=$(find_mariadbd)
fi
if [[ -z "$mariadbd" ]]; then
	need_mariadb
	if is_ci; then
		log "CI=true: failing because mariadbd is missing"
		exit 1
	fi
	log "WARNING: mariadbd not found; tests that need MariaDB will be skipped"
	mariadbd_version="not found"
else
	mariadbd_version=$("$mariadbd" --version 2>&1 | head -n1)
fi

# --- Chromium -----------------------------------------------------------------
if [[ -n "${AURORADOC_CHROMIUM:-}" && ! -x "$(command -v "$AURORADOC_CHROMIUM" || true)" ]]; then
	log "AURORADOC_CHROMIUM=$AURORADOC_CHROMIUM is not an executable file; unset it or fix the path"
	exit 1
fi
chromium=$(find_chromium)
if [[ -z "$chromium" ]] && can_apt; then
	log "chromium not found; installing Debian's chromium with apt-get (takes a while)"
	apt_install chromium >/dev/null
	chromium=$(find_chromium)
fi
if [[ -z "$chromium" ]]; then
	need_chromium
	if is_ci; then
		log "CI=true: failing because Chromium is missing"
		exit 1
	fi
	log "WARNING: Chromium not found; the browser test will be skipped"
	chromium_version="not found"
else
	# Debian's /usr/bin/chromium wrapper prints shell noise on stderr.
	chromium_version=$("$chromium" --version 2>/dev/null | head -n1)
fi

# --- axe-core (the accessibility check of the site's browser test) --------------------
# site/a11y_test.go injects axe.min.js of npm axe-core into every page kind in
# Chromium; it reads $AURORADOC_AXE (exported here) or this cache.
axe_pkg=axe-core@4.14.1
axe_cache=${AURORADOC_AXE_CACHE:-$HOME/.cache/auroradoc/axe-core}
axe_js=${AURORADOC_AXE:-$axe_cache/node_modules/axe-core/axe.min.js}
if [[ ! -f "$axe_js" && -z "${AURORADOC_AXE:-}" ]] && command -v npm >/dev/null; then
	log "axe-core not found; installing npm $axe_pkg into $axe_cache"
	mkdir -p "$axe_cache"
	npm install --silent --no-audit --no-fund --prefix "$axe_cache" "$axe_pkg" >/dev/null || log "npm install $axe_pkg failed"
fi
if [[ -f "$axe_js" ]]; then
	export AURORADOC_AXE=$axe_js
else
	log "axe-core is needed by the site's accessibility test (npm $axe_pkg); install npm or set AURORADOC_AXE."
	if is_ci; then
		log "CI=true: failing because axe-core is missing"
		exit 1
	fi
fi

# --- DynamoDB Local (the access engine's store tests) ------------------------------
# internal/dynamolocal runs the jar of npm amplify-dynamodb-simulator with Java 17.
dynamodb_pkg=amplify-dynamodb-simulator@2.9.30
dynamodb_cache=${AURORADOC_DYNAMODB_LOCAL_CACHE:-$HOME/.cache/auroradoc/dynamodb-local}
dynamodb_jar=${AURORADOC_DYNAMODB_LOCAL_JAR:-$dynamodb_cache/node_modules/amplify-dynamodb-simulator/emulator/DynamoDBLocal.jar}
if [[ ! -f "$dynamodb_jar" && -z "${AURORADOC_DYNAMODB_LOCAL_JAR:-}" ]] && command -v npm >/dev/null; then
	log "DynamoDB Local not found; installing npm $dynamodb_pkg into $dynamodb_cache"
	mkdir -p "$dynamodb_cache"
	npm install --silent --no-audit --no-fund --prefix "$dynamodb_cache" "$dynamodb_pkg" >/dev/null || log "npm install $dynamodb_pkg failed"
fi
if [[ -f "$dynamodb_jar" ]] && command -v java >/dev/null; then
	export AURORADOC_DYNAMODB_LOCAL_JAR=$dynamodb_jar
	dynamodb_version="$dynamodb_jar"
else
	log "DynamoDB Local is needed: the bastion store and engine tests run it (Java 17 + npm $dynamodb_pkg)."
	log "Install java (apt-get install -y openjdk-17-jre-headless) and npm, or set AURORADOC_DYNAMODB_LOCAL_JAR."
	if is_ci; then
		log "CI=true: failing because DynamoDB Local or java is missing"
		exit 1
	fi
	log "WARNING: DynamoDB Local not usable; tests that need it will be skipped"
	dynamodb_version="not found"
fi

# --- race detector (needs cgo and a C compiler) -------------------------------
race=(-race)
if [[ "$(go env CGO_ENABLED)" != "1" ]] || ! command -v "$(go env CC)" >/dev/null 2>&1; then
	if can_apt; then
		log "no C compiler for -race; installing gcc with apt-get"
		apt_install gcc libc6-dev
	fi
	if ! command -v "$(go env CC)" >/dev/null 2>&1; then
		if is_ci; then
			log "CI=true: -race needs cgo and a C compiler ($(go env CC)); install gcc"
			exit 1
		fi
		log "WARNING: no C compiler ($(go env CC)); running tests without -race"
		race=()
	else
		export CGO_ENABLED=1
	fi
fi

log "go:       $(go version)"
log "mariadbd: ${mariadbd:-none} ($mariadbd_version)"
log "chromium: ${chromium:-none} ($chromium_version)"
log "dynamodb-local: $dynamodb_version"
log "tests start private MariaDB servers; no system mariadb service is used"

# --- vet and test ---------------------------------------------------------------
# Arguments that name packages replace ./...; everything else is a go test flag.
pkgs=()
flags=()
for a in "$@"; do
	case "$a" in
	./* | ../* | github.com/auroradoc/*) pkgs+=("$a") ;;
	*) flags+=("$a") ;;
	esac
done
if [[ ${#pkgs[@]} -eq 0 ]]; then pkgs=(./...); fi
# go test's default 10 min per package is too short for the end-to-end
# packages under -race on a busy machine (cmd/auroradoc: whole nights on
# real MariaDB, sharded and single; internal/tfcheck: terraform test of
# every module). A -timeout given on the command line wins.
if [[ " ${flags[*]} " != *" -timeout"* ]]; then flags=(-timeout 45m "${flags[@]}"); fi

# --- Terraform toolchain (internal/tfcheck) -------------------------------------
# terraform, a provider mirror (a directory holding registry.terraform.io/,
# for init -plugin-dir) and tflint; exported for internal/tfcheck. tflint is
# built from the Go module proxy once (~3 min) into $(go env GOPATH)/bin.
# Only when the terraform tests are among the packages.
needs_tf=""
for p in "${pkgs[@]}"; do
	case "$p" in ./... | ./internal/... | ./internal/tfcheck*) needs_tf=1 ;; esac
done
if [[ -n "$needs_tf" ]]; then
	tf_missing=()
	tf=${AURORADOC_TERRAFORM:-$(command -v terraform || true)}
	[[ -n "$tf" ]] || tf_missing+=("terraform (>= 1.7)")
	tf_mirror=${AURORADOC_TF_PLUGIN_DIR:-}
	if [[ -z "$tf_mirror" ]]; then
		tf_mirror=$(find / -maxdepth 4 -type d -name registry.terraform.io -path '*/registry.terraform.io' 2>/dev/null |
			while read -r d; do [[ -d "$d/hashicorp/aws" ]] && dirname "$d" && break; done || true)
	fi
	[[ -n "$tf_mirror" ]] || tf_missing+=("a provider mirror holding registry.terraform.io/hashicorp/aws")
	tflint=${AURORADOC_TFLINT:-$(command -v tflint || true)}
	gobin=$(go env GOPATH)/bin
	if [[ -z "$tflint" && -x "$gobin/tflint" ]]; then tflint=$gobin/tflint; fi
	if [[ -z "$tflint" ]]; then
		log "tflint not found; building github.com/terraform-linters/tflint@v0.64.0 into $gobin (about 3 minutes, once)"
		if go install github.com/terraform-linters/tflint@v0.64.0; then tflint=$gobin/tflint; else tf_missing+=("tflint"); fi
	fi
	if [[ ${#tf_missing[@]} -gt 0 ]]; then
		log "the terraform tests (internal/tfcheck) need: ${tf_missing[*]}"
		if is_ci; then
			log "CI=true: failing because the terraform toolchain is incomplete"
			exit 1
		fi
		log "WARNING: terraform tests will be skipped"
	fi
	export AURORADOC_TERRAFORM=$tf AURORADOC_TF_PLUGIN_DIR=$tf_mirror AURORADOC_TFLINT=$tflint
	log "terraform: ${tf:-none}; provider mirror: ${tf_mirror:-none}; tflint: ${tflint:-none}"
fi

artifacts=test-artifacts
mkdir -p "$artifacts"

# deploy/imagetest builds the image's static binary (CGO_ENABLED=0 -trimpath,
# as the Dockerfile does): on a cold build cache that compiles every
# dependency once more (minutes on 2 cores). Warm the cache here, outside
# the test's timeout; the test's own build then takes seconds.
if [[ " ${pkgs[*]} " == *" ./... "* || " ${pkgs[*]} " == *deploy* ]]; then
	log "warming the build cache for the container image's binary (deploy/imagetest)"
	CGO_ENABLED=0 go build -trimpath -o /dev/null ./cmd/auroradoc
fi

log "go vet ${pkgs[*]}"
go vet "${pkgs[@]}" 2>&1 | tee "$artifacts/go-vet.log"

log "go test ${race[*]} -count=1 ${flags[*]} ${pkgs[*]}"
go test "${race[@]}" -count=1 "${flags[@]}" "${pkgs[@]}" 2>&1 | tee "$artifacts/go-test.log"
log "ok (log in $artifacts/go-test.log)"
