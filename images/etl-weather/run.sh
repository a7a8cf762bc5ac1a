#!/bin/sh
# Extract the readings, transform them into one average per station, load the result to stdout
# (a real pipeline would write to a warehouse). Exits non-zero when the input is empty.
set -eu
. "$PLATFORM_LIB/log.sh"

input=${INPUT:-/opt/etl/data/readings.csv}
log info "reading $input"
rows=$(tail -n +2 "$input" | grep -c . || true)
if [ "$rows" -eq 0 ]; then
  log error "no readings in $input"
  exit 1
fi

tail -n +2 "$input" | awk -F, '
  { sum[$1] += $3; count[$1] += 1 }
  END { for (station in sum) printf "%s,%.1f,%d\n", station, sum[station] / count[station], count[station] }
' | sort > /tmp/averages.csv

log info "loaded $(wc -l < /tmp/averages.csv) station averages from $rows readings"
echo "station,avg_temperature_c,readings"
cat /tmp/averages.csv
