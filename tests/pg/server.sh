#!/bin/sh
# A throwaway PostgreSQL server for the tests: its own cluster in DIR, a Unix
# socket in DIR/sock and no TCP port, so it can neither collide with nor be
# reached from anything else on the machine.
#
#   sh tests/pg/server.sh start DIR   initdb (once) and start; prints PGHOST;
#                                      the superuser role $(id -un) is there
#   sh tests/pg/server.sh stop DIR    stop it (DIR stays, for the logs)
#
# The cluster belongs to the user running this, or to 'postgres' when that is
# root (PostgreSQL refuses to run as root).  A server that does not start is
# an error: the tests that need it must not pass without it.
set -eu
cmd=${1:?usage: server.sh start|stop DIR}
dir=${2:?usage: server.sh start|stop DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
	echo "server.sh: no PostgreSQL server installed (Debian: postgresql)" >&2
	exit 1
fi

# as_owner CMD...: run CMD as the cluster's owner.
if [ "$(id -u)" = 0 ]; then
	owner=postgres
	as_owner() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }
else
	owner=$(id -un)
	as_owner() { "$@"; }
fi

case $cmd in
start)
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		rm -rf "$dir/data" "$dir/sock"
		mkdir -p "$dir/data" "$dir/sock"
		[ "$owner" = "$(id -un)" ] || chown "$owner" "$dir" "$dir/data" "$dir/sock"
		as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
			--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
			echo "server.sh: initdb failed:" >&2
			tail -n 20 "$dir/initdb.log" >&2
			exit 1
		}
	fi
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir/sock' -c fsync=off" start >/dev/null || {
		echo "server.sh: the server did not start:" >&2
		tail -n 20 "$dir/server.log" >&2
		exit 1
	}
	# A superuser role named after the OS user running the tests (root in
	# CI): connected as it, the server's session_user is the OS login, as
	# grid's login is on SQLite.  Made once; a restart finds it there.
	me=$(id -un)
	"$bindir/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$dir/sock" -U postgres -d postgres -v me="$me" >"$dir/role.log" 2>&1 <<-'EOF' || {
	SELECT format('CREATE ROLE %I SUPERUSER LOGIN', :'me')
	 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'me') \gexec
	EOF
		echo "server.sh: cannot make the role '$me':" >&2
		cat "$dir/role.log" >&2
		exit 1
	}
	echo "$dir/sock"
	;;
stop)
	[ -f "$dir/data/postmaster.pid" ] || exit 0
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
*)
	echo "usage: server.sh start|stop DIR" >&2
	exit 2
	;;
esac
