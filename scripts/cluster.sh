#!/usr/bin/env bash
# A real Kubernetes control plane on this machine, to hold the simulator to:
# kube-apiserver, kube-controller-manager, kube-scheduler and etcd, built from
# Go modules through the proxy, with KWOK standing in for kubelets. No
# container runtime: kwokctl's binary runtime runs each as a process.
#
#   scripts/cluster.sh build   build (or reuse) the binaries
#   scripts/cluster.sh up      build if needed, start the cluster, apply fixtures
#   scripts/cluster.sh down    stop it and remove its files
#   scripts/cluster.sh env     print KUBECONFIG=… for a running cluster
#
# Binaries are cached under $KDECK_CLUSTER_CACHE (default
# ${XDG_CACHE_HOME:-~/.cache}/kdeck/cluster), one folder per version set, so a
# second `up` starts in seconds. The cluster's own files (PKI, etcd data,
# kubeconfig, logs) live under $KDECK_CLUSTER_DIR (default <cache>/run).
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-1.36.3}
KWOK_VERSION=${KWOK_VERSION:-v0.8.0}
ETCD_VERSION=${ETCD_VERSION:-v3.6.16}
CLUSTER_NAME=${KDECK_CLUSTER_NAME:-kdeck}
NODES=${KDECK_CLUSTER_NODES:-3}
# etcd history is compacted every 5 minutes by default; more often here, so that a watch
# from an old resourceVersion meets a 410 within a test's time.
COMPACTION=${KDECK_CLUSTER_COMPACTION:-10s}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${KDECK_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdeck/cluster}
BIN=$CACHE/bin/k8s-$K8S_VERSION-kwok-$KWOK_VERSION-etcd-$ETCD_VERSION
RUN=${KDECK_CLUSTER_DIR:-$CACHE/run}
KUBECONFIG_FILE=$RUN/kubeconfig

# Static, reproducible builds with the local toolchain only: fetching another
# Go through the proxy would hide a version mismatch behind a long download.
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-trimpath -buildvcs=false"
# kwokctl must never pick a container runtime, even where a docker CLI exists.
export KWOK_RUNTIME=binary KWOK_WORKDIR=$RUN/kwok

say() { printf 'cluster: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
now() { date +%s; }

need_go() {
  command -v go >/dev/null || die "Go is not installed; it is needed to build the control plane."
}

# Each tool is built in its own module, so minimum version selection in one
# cannot raise the pinned dependencies of another.
build_kwok() {
  [[ -x $BIN/kwok && -x $BIN/kwokctl ]] && return
  say "building kwok and kwokctl $KWOK_VERSION"
  GOBIN=$BIN go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
}

build_etcd() {
  [[ -x $BIN/etcd ]] && return
  say "building etcd $ETCD_VERSION"
  # `go install` refuses etcd's server module (it has replace directives), so
  # build upstream's main from a tiny module that requires it.
  local mod=$CACHE/src/etcd-$ETCD_VERSION
  rm -rf "$mod" && mkdir -p "$mod" && cd "$mod"
  go mod init kdeck.local/etcd >/dev/null 2>&1
  printf '%s\n' 'package main' '' 'import (' '	"os"' '' '	"go.etcd.io/etcd/server/v3/etcdmain"' ')' '' \
    'func main() { etcdmain.Main(os.Args) }' >main.go
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null
  go mod tidy >/dev/null
  go build -ldflags "-s -w" -o "$BIN/etcd.tmp" . && mv "$BIN/etcd.tmp" "$BIN/etcd"
}

build_kube() {
  [[ -x $BIN/kube-apiserver && -x $BIN/kube-controller-manager && -x $BIN/kube-scheduler ]] && return
  say "building kube-apiserver, kube-controller-manager, kube-scheduler v$K8S_VERSION"
  local mod=$CACHE/src/kube-$K8S_VERSION
  local staging=v0.${K8S_VERSION#1.} minor
  minor=$(cut -d. -f2 <<<"$K8S_VERSION")
  rm -rf "$mod" && mkdir -p "$mod" && cd "$mod"
  go mod init kdeck.local/kube >/dev/null 2>&1
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and maps them to
  # ./staging with replace lines, which a dependency's go.mod cannot use. Map
  # each to its published tag instead; the list comes from the release's own
  # go.mod (through the proxy), because it grows from release to release.
  local kmod
  kmod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p') ||
    die "could not fetch k8s.io/kubernetes@v$K8S_VERSION through the Go module proxy"
  [[ -f $kmod ]] || die "could not fetch k8s.io/kubernetes@v$K8S_VERSION's go.mod"
  local replaces
  replaces=$(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/.*#\1#p' "$kmod")
  [[ -n $replaces ]] || die "no staging modules found in $kmod"
  for m in $replaces; do go mod edit -replace="$m=$m@$staging"; done
  # The godebug line only applies in the main module: carry the release's over.
  grep -E '^godebug ' "$kmod" >>go.mod || true
  go get "k8s.io/kubernetes@v$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kube-controller-manager@v$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kube-scheduler@v$K8S_VERSION" >/dev/null
  # What upstream's hack/lib/version.sh stamps, so /version says v1.Y.Z.
  local ld="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  mkdir -p "$mod/out"
  go build -ldflags "$ld" -o "$mod/out/" k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
  mv "$mod/out/"* "$BIN/"
}

build() {
  need_go
  mkdir -p "$BIN"
  local t0
  t0=$(now)
  # Subshells, for their cd; not joined with && (which would switch off set -e inside them).
  (build_kwok)
  (build_etcd)
  (build_kube)
  say "binaries ready in $BIN ($(($(now) - t0)) s)"
}

KWOKCTL() { "$BIN/kwokctl" --name "$CLUSTER_NAME" "$@"; }
KUBECTL() { kubectl --kubeconfig "$KUBECONFIG_FILE" "$@"; }

running() {
  [[ -f $KUBECONFIG_FILE ]] && KUBECTL get --raw /readyz >/dev/null 2>&1
}

# What KWOK serves in place of containers (kwok.yaml). Logs from files: CRI log lines, the
# current file followed as it grows (a test appends to it), a previous one for --previous.
# Exec and port-forward: see write_streams.
write_kwok_config() {
  mkdir -p "$RUN/logs"
  local t i
  t=$(date -u +%Y-%m-%dT%H:%M:%S)
  : >"$RUN/logs/current.log"
  for i in $(seq 1 20); do
    printf '%s.%06dZ stdout F 10.0.0.%d - - "GET /healthz HTTP/1.1" 200 2 line=%d\n' "$t" "$i" "$i" "$i" >>"$RUN/logs/current.log"
  done
  printf '%s.000000Z stderr F previous container exited: signal 15\n' "$t" >"$RUN/logs/previous.log"
  cat >"$RUN/kwok.yaml" <<YAML
kind: ClusterLogs
apiVersion: kwok.x-k8s.io/v1alpha1
metadata:
  name: every-pod
spec:
  selector: {}
  logs:
    - containers: []
      logsFile: $RUN/logs/current.log
      previousLogsFile: $RUN/logs/previous.log
      follow: true
---
kind: ClusterExec
apiVersion: kwok.x-k8s.io/v1alpha1
metadata:
  name: every-pod
spec:
  selector: {}
  execs:
    - local:
        workDir: $RUN/exec
---
kind: ClusterPortForward
apiVersion: kwok.x-k8s.io/v1alpha1
metadata:
  name: every-pod
spec:
  selector: {}
  forwards:
    - ports: [80]
      command: [sh, $RUN/http-page.sh]
YAML
}

# KWOK runs `kubectl exec` commands on this machine, in a folder of their own (no container
# runtime: the differential suite compares what the exec protocol carries, not what runs), and
# serves a pod's port 80 with a command on the connection: one HTTP answer, a page as the
# tutorial's nginx image serves it, so a port-forward has something to reach.
write_streams() {
  mkdir -p "$RUN/exec"
  cat >"$RUN/http-page.sh" <<'SH'
while IFS= read -r line; do
  line=${line%"$(printf '\r')"}
  [ -z "$line" ] && break
done
body='<!DOCTYPE html>
<html><head><title>Welcome to nginx!</title></head>
<body><h1>Welcome to nginx!</h1></body></html>
'
printf 'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' "${#body}" "$body"
SH
}

# A second user with the built-in `view` role, as the simulator's kdeck-viewer:
# a service account token in its own context.
add_viewer() {
  # Applied, not created: a control plane whose state outlived an interrupted run has them.
  KUBECTL create serviceaccount kdeck-viewer -n default --dry-run=client -o yaml |
    KUBECTL apply -f - >/dev/null
  KUBECTL create clusterrolebinding kdeck-viewer --clusterrole=view \
    --serviceaccount=default:kdeck-viewer --dry-run=client -o yaml | KUBECTL apply -f - >/dev/null
  local token ctx
  token=$(KUBECTL create token kdeck-viewer -n default --duration=48h)
  ctx=$(KUBECTL config current-context)
  KUBECTL config set-credentials kdeck-viewer --token="$token" >/dev/null
  KUBECTL config set-context "$ctx-readonly" --user=kdeck-viewer \
    --cluster="$(KUBECTL config view --minify -o jsonpath='{.clusters[0].name}')" \
    --namespace=default >/dev/null
}

up() {
  if running; then
    say "already running; KUBECONFIG=$KUBECONFIG_FILE"
    return
  fi
  command -v kubectl >/dev/null || die "kubectl is not on the PATH (kwokctl and the fixtures need it)."
  build
  local t0
  t0=$(now)
  KWOKCTL delete cluster >/dev/null 2>&1 || true
  rm -rf "$RUN" && mkdir -p "$RUN"
  write_kwok_config
  write_streams
  say "starting kube-apiserver, kube-controller-manager, kube-scheduler, etcd and kwok"
  KWOKCTL create cluster --runtime binary -c "$RUN/kwok.yaml" --kubeconfig "$KUBECONFIG_FILE" \
    --kube-apiserver-binary "$BIN/kube-apiserver" \
    --kube-controller-manager-binary "$BIN/kube-controller-manager" \
    --kube-scheduler-binary "$BIN/kube-scheduler" \
    --etcd-binary "$BIN/etcd" --kwok-controller-binary "$BIN/kwok" \
    --extra-args "kube-apiserver=etcd-compaction-interval=$COMPACTION" \
    --extra-args "kube-apiserver=bind-address=127.0.0.1" \
    --wait 5m >"$RUN/create.log" 2>&1 || { cat "$RUN/create.log" >&2; die "kwokctl create cluster failed"; }
  # Restart the control plane once: its watch caches then begin after the bootstrap, as on
  # any cluster that has run a while (a fresh one can replay a watch from resourceVersion 1).
  # Started again only once the stopped processes are gone: kwokctl's stop does not wait for
  # them, and an API server still holding its port makes the new one exit at once.
  local pids=() f
  for f in "$RUN"/kwok/clusters/kdeck/pids/*.pid; do pids+=("$(<"$f")"); done
  KWOKCTL stop cluster >"$RUN/restart.log" 2>&1
  local i
  for i in $(seq 1 60); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.5
  done
  KWOKCTL start cluster >>"$RUN/restart.log" 2>&1
  for i in $(seq 1 120); do running && break; sleep 0.5; done
  if ! running; then
    # Say why (kwokctl's own words, the API server's last lines), and leave no half-started
    # control plane behind (etcd and the controllers outlive an API server that did not start).
    tail -20 "$RUN/restart.log" "$RUN/kwok/clusters/kdeck/logs/kube-apiserver.log" >&2 2>/dev/null
    KWOKCTL delete cluster >/dev/null 2>&1
    die "the control plane did not come back after its restart"
  fi
  KWOKCTL scale node --replicas "$NODES" >/dev/null 2>&1
  add_viewer
  KUBECTL apply -f "$ROOT/test/fixtures/nginx-server.yaml" >/dev/null
  KUBECTL rollout status deployment/nginx-server-deployment --timeout=180s >/dev/null
  printf '{"kubeconfig":"%s","logsFile":"%s","previousLogsFile":"%s","version":"v%s"}\n' \
    "$KUBECONFIG_FILE" "$RUN/logs/current.log" "$RUN/logs/previous.log" "$K8S_VERSION" >"$RUN/cluster.json"
  say "up in $(($(now) - t0)) s: $(KUBECTL version -o json 2>/dev/null | sed -n 's/.*"gitVersion": "\(v1[^"]*\)".*/\1/p' | tail -1), $NODES nodes, nginx-server applied"
  say "KUBECONFIG=$KUBECONFIG_FILE (contexts $(KUBECTL config get-contexts -o name | paste -sd' '))"
}

down() {
  if [[ -x $BIN/kwokctl ]]; then KWOKCTL delete cluster >/dev/null 2>&1 || true; fi
  rm -rf "$RUN"
  say "down"
}

case ${1:-} in
build) build ;;
up) up ;;
down) down ;;
env) running && echo "KUBECONFIG=$KUBECONFIG_FILE" || die "not running (npm run cluster:up)" ;;
*) die "usage: scripts/cluster.sh build|up|down|env" ;;
esac
