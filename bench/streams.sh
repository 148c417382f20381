#!/bin/bash
# Figures for the shell, port-forward and metrics keys (not a test: it prints, nothing is
# asserted): s to the shell prompt on screen, ten times; 200 curl requests through F on the
# tutorial's service; the bytes of one metrics poll. Starts its own kdeck sim and drives kdeck
# in tmux at 80×24; run from the repository after npm run build: bash bench/streams.sh
set -u
export PATH=$PWD/node_modules/.bin:$PATH
d=$(mktemp -d)
node dist/kdeck.js sim --write-kubeconfig $d/kc > $d/sim.out 2>&1 &
SIM=$!
for i in $(seq 1 100); do grep -q ready $d/sim.out && break; sleep 0.1; done
export KUBECONFIG=$d/kc
sleep 8
echo "metrics poll bytes (pods -A, nodes): $(kubectl get --raw '/apis/metrics.k8s.io/v1beta1/pods' | wc -c) $(kubectl get --raw '/apis/metrics.k8s.io/v1beta1/nodes' | wc -c)  ($(kubectl get pods -A --no-headers | wc -l) pods)"
T="tmux -L m15"
$T kill-server 2>/dev/null
# Homes of its own: the user's config file or remembered view must not change what is measured.
$T new-session -d -x 80 -y 24 "XDG_CONFIG_HOME=$d/config XDG_STATE_HOME=$d/state node dist/kdeck.js --kubeconfig $d/kc"
for i in $(seq 1 100); do $T capture-pane -p | grep -q 'live' && break; sleep 0.1; done
sleep 2
times=()
for n in $(seq 1 10); do
  start=$(date +%s%N)
  $T send-keys s
  for i in $(seq 1 500); do $T capture-pane -p | grep -q '^root@.*:/# *$' && break; sleep 0.01; done
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
  $T send-keys 'exit' Enter
  for i in $(seq 1 500); do $T capture-pane -p | grep -q 'live' && break; sleep 0.01; done
  sleep 0.3
done
echo "s to shell prompt, ms (10 runs): ${times[*]}"
$T send-keys ':svc' Enter; sleep 1; $T send-keys '/nginx-server-service' Enter; sleep 1; $T send-keys F; sleep 1
$T send-keys C-u '127.0.0.1:0' Enter; sleep 2
PORT=$($T capture-pane -p | grep -o 'port-forward 127.0.0.1:[0-9]*' | head -1 | cut -d: -f2)
start=$(date +%s%N)
ok=0; for n in $(seq 1 200); do curl -s -m 5 http://127.0.0.1:$PORT/ | grep -q 'Welcome to nginx' && ok=$((ok+1)); done
end=$(date +%s%N)
echo "forward: $ok/200 curl requests answered, $(( (end - start) / 200000000 )).$(( (end - start) / 2000000 % 100 )) ms each (a new stream per connection)"
$T send-keys ':pf' Enter; sleep 1.5
$T capture-pane -p > $d/pf.txt
$T send-keys q q; sleep 1; $T kill-server 2>/dev/null
kill $SIM
cat $d/pf.txt | head -8
