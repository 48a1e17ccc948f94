#!/usr/bin/env bash
# Serves MapServer 8 (Debian's mapserv) on 127.0.0.1 through lighttpd, as a plain CGI (one process per request)
# or as FastCGI (long-lived processes that keep their PostgreSQL connection), for the OGC API comparison:
#   bench/mapserver/serve.sh cgi|fcgi PORT 'host=127.0.0.1 port=… dbname=… user=… password=…' [processes=2]
# Runs in the foreground until killed. The OGC API root is http://127.0.0.1:PORT/mapserv/geomonitor/ogcapi.
# Needs: apt-get install -y mapserver-bin cgi-mapserver lighttpd
set -euo pipefail
mode=$1 port=$2 pg=$3 procs=${4:-2}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../out/mapserver/$mode
mkdir -p "$out"
out=$(cd "$out" && pwd)
for c in mapserv lighttpd; do command -v $c >/dev/null || { echo "$c is not installed (apt-get install -y mapserver-bin cgi-mapserver lighttpd)" >&2; exit 2; }; done
esc=$(printf '%s' "$pg" | sed 's/[|&\\]/\\&/g')
sed -e "s|@PG@|$esc|" -e "s|@URL@|http://127.0.0.1:$port/mapserv/geomonitor|" "$here/incidents.map.in" > "$out/incidents.map"
sed -e "s|@OUT@|$out|g" "$here/mapserver.conf.in" > "$out/mapserver.conf"
chmod 600 "$out/incidents.map"
{
  echo "server.document-root = \"$out\""
  echo "server.bind = \"127.0.0.1\""
  echo "server.port = $port"
  echo "server.errorlog = \"$out/lighttpd-error.log\""
  echo "server.max-connections = 256"
  if [ "$mode" = cgi ]; then
    echo 'server.modules = ("mod_alias", "mod_setenv", "mod_cgi")'
    echo 'alias.url = ("/mapserv" => "/usr/bin/mapserv")'
    echo 'cgi.assign = ("" => "")'
    echo "setenv.add-environment = (\"MAPSERVER_CONFIG_FILE\" => \"$out/mapserver.conf\")"
  else
    echo 'server.modules = ("mod_fastcgi")'
    echo "fastcgi.server = (\"/mapserv\" => ((\"socket\" => \"$out/mapserv.sock\", \"bin-path\" => \"/usr/bin/mapserv\","
    echo "  \"check-local\" => \"disable\", \"max-procs\" => $procs,"
    echo "  \"bin-environment\" => (\"MAPSERVER_CONFIG_FILE\" => \"$out/mapserver.conf\"))))"
  fi
} > "$out/lighttpd.conf"
exec lighttpd -D -f "$out/lighttpd.conf"
