#!/usr/bin/env bash
# Runs a private RabbitMQ node on loopback, in the foreground, until SIGTERM or SIGINT; then stops
# the node and its own epmd. Used by the AppHost (Platform:Infrastructure=host) and by the tests.
#
#   rabbitmq-node.sh DATA_DIR
#
# Environment (all required but the node name): RABBITMQ_NODE_PORT (AMQP), RABBITMQ_DIST_PORT,
# ERL_EPMD_PORT, RABBITMQ_CTL_DIST_PORT (for rabbitmqctl), RABBITMQ_DEFAULT_USER, RABBITMQ_DEFAULT_PASS,
# RABBITMQ_NODENAME (default platform@localhost). The Erlang cookie and all data stay in DATA_DIR.
set -euo pipefail

data=${1:?usage: rabbitmq-node.sh DATA_DIR}
: "${RABBITMQ_NODE_PORT:?}" "${RABBITMQ_DIST_PORT:?}" "${ERL_EPMD_PORT:?}" "${RABBITMQ_CTL_DIST_PORT:?}"
: "${RABBITMQ_DEFAULT_USER:?}" "${RABBITMQ_DEFAULT_PASS:?}"
mkdir -p "$data/mnesia" "$data/log"
data=$(cd "$data" && pwd)

export HOME="$data"
# A crash dump goes to the node's data folder, not the caller's working directory.
export ERL_CRASH_DUMP="$data/erl_crash.dump"
export RABBITMQ_NODENAME=${RABBITMQ_NODENAME:-platform@localhost}
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$data/mnesia"
export RABBITMQ_LOG_BASE="$data/log"
export RABBITMQ_LOGS=-
export RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$data/rabbitmq"
export RABBITMQ_ADVANCED_CONFIG_FILE="$data/advanced.config"
export RABBITMQ_CTL_DIST_PORT_MIN=$RABBITMQ_CTL_DIST_PORT
export RABBITMQ_CTL_DIST_PORT_MAX=$RABBITMQ_CTL_DIST_PORT
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
echo "[]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"

bin=/usr/lib/rabbitmq/bin
[ -x "$bin/rabbitmq-server" ] || { echo "rabbitmq-server is not installed: run scripts/prerequisites.sh" >&2; exit 1; }

# Our own epmd, in our process group, so that it goes away with the node.
epmd -port "$ERL_EPMD_PORT" -address 127.0.0.1 &
epmd_pid=$!

"$bin/rabbitmq-server" &
server_pid=$!

stop() {
  trap - TERM INT
  timeout 15 "$bin/rabbitmqctl" -q -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1 || kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  kill -TERM "$epmd_pid" 2>/dev/null || true
  wait "$epmd_pid" 2>/dev/null || true
  exit 0
}
trap stop TERM INT

set +e
wait "$server_pid"
status=$?
kill -TERM "$epmd_pid" 2>/dev/null
exit "$status"
