#!/usr/bin/env bash
# Every benchmark in order; JSON goes to stdout and bench/out/. Usage:
#   bench/run_all.sh quick     # small sizes, a few minutes (validation while others use the machine)
#   bench/run_all.sh full      # the brief's sizes: 1e5 meetings, 10k-article ingest (an hour or more)
# A private Neo4j is started under $DIPLOGRAPH_NEO4J_HOME (default /tmp/neo4j-bench) and stopped at
# the end, unless DIPLOGRAPH_STORE already names a bolt:// server. NEO4J=skip runs the embedded half only.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}  # PY=echo prints the commands instead
MODE=${1:-quick}

if [[ ${NEO4J:-} != skip && ${DIPLOGRAPH_STORE:-} != bolt://* ]]; then
  export DIPLOGRAPH_NEO4J_HOME=${DIPLOGRAPH_NEO4J_HOME:-/tmp/neo4j-bench}
  eval "$(scripts/neo4j start)"
  trap 'scripts/neo4j stop >&2 || true' EXIT
fi
export DIPLOGRAPH_STORE=${DIPLOGRAPH_STORE:-}
BOTH=both NEO=--neo4j
[[ ${NEO4J:-} == skip ]] && BOTH=embedded NEO=

# api_load per size (Neo4j holds one graph at a time: ascending sizes load each once), then growth
# compares the saved runs.
if [[ $MODE == full ]]; then
  $PY -m bench.extract_overhead --articles 1000 --repeats 3
  $PY -m bench.ingest_speed --articles 1000 --repeats 3 $NEO --jobs-articles 1000 --jobs-repeats 3
  $PY -m bench.api_load --meetings 10000 --backend $BOTH --requests 1000 --duration 20
  $PY -m bench.api_load --meetings 100000 --backend $BOTH --requests 2000 --duration 30
  $PY -m bench.growth --sizes 10000 100000 --backend $BOTH --reuse
  $PY -m bench.memory --meetings 100000 --articles 10000
else
  $PY -m bench.extract_overhead --articles 100 --repeats 2
  $PY -m bench.ingest_speed --articles 100 --repeats 2 $NEO --jobs-articles 100 --jobs-repeats 1
  $PY -m bench.api_load --meetings 1000 --backend $BOTH --requests 300 --duration 15
  $PY -m bench.api_load --meetings 10000 --backend $BOTH --requests 300 --duration 15
  $PY -m bench.growth --sizes 1000 10000 --backend $BOTH --reuse
  $PY -m bench.memory --meetings 10000 --articles 200
fi
$PY -m bench.summarize
