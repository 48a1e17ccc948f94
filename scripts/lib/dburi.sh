# Shared by backup.sh and restore.sh: where the PostgreSQL tools are, and the URI of the embedded cluster.
PG_BIN=${GEOMONITOR_PG_BIN:-/usr/lib/postgresql/15/bin}
embedded_uri() { # embedded_uri <data folder> <database>
  local creds=$1/pg-credentials.json
  [ -f "$creds" ] || { echo "no embedded cluster in $1 (missing $creds)" >&2; return 1; }
  python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); import urllib.parse as u; print("postgresql://geomonitor:%s@127.0.0.1:%s/%s" % (u.quote(c["Password"], safe=""), c["Port"], sys.argv[2]))' "$creds" "$2"
}
