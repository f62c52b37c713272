#!/bin/sh
# Every message has its Chinese.  grid.pot is extracted from the sources
# into the test's folder with the arguments of the build's grid-pot (given
# as this script's arguments, po/meson.build's grid_xgettext_args); then
# each msgid needs a msgstr in po/zh_CN.po, neither empty nor fuzzy, whose
# printf placeholders agree with the msgid's (msgfmt --check-format, with
# the formats as the sources mark them now).  A failure names each msgid.
. "$(dirname "$0")/lib.sh"

for tool in xgettext msgmerge msgattrib msgfmt; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "Bail out! $tool is missing (Debian: gettext)"
		exit 1
	fi
done

cd "$SRCDIR" || exit 1

# Every C source of the command and of the library is scanned.
missing=
for f in cmd/*.c cmd/*.h $(find lib -name '*.c' | LC_ALL=C sort); do
	case $f in
	cmd/*.h) grep -q 'N\?_("' "$f" || continue ;;
	esac
	grep -qxF "$f" po/POTFILES || missing="$missing $f"
done
is "$missing" "" "po/POTFILES lists every source file of cmd/ and lib/"

xgettext "$@" --output="$T/grid.pot" --files-from=po/POTFILES 2>"$T/xgettext.err"
is "$?" 0 "xgettext extracts grid.pot from POTFILES"
ids=$(grep -c '^msgid ' "$T/grid.pot")
check "grid.pot holds messages ($((ids - 1)))" test "$ids" -gt 100

# The catalogue's fuzzy and obsolete entries do not count: drop them
# before merging (msgmerge would bring an obsolete one back to life).
# (Their warnings, on the '\r' of two messages, go to files of the test.)
msgattrib --no-fuzzy --no-obsolete --output-file="$T/zh.po" po/zh_CN.po 2>"$T/msgattrib.err"
is "$?" 0 "po/zh_CN.po reads"
msgmerge --quiet --no-fuzzy-matching --output-file="$T/merged.po" "$T/zh.po" "$T/grid.pot" 2>"$T/msgmerge.err"
is "$?" 0 "po/zh_CN.po merges with grid.pot"
msgattrib --untranslated --no-obsolete --no-wrap --output-file="$T/untranslated.po" "$T/merged.po" 2>/dev/null
left=$(grep '^msgid ' "$T/untranslated.po" | grep -vx 'msgid ""')
is "$left" "" "every msgid of grid.pot has a msgstr in po/zh_CN.po, not fuzzy"
if [ -n "$left" ]; then
	# Where each one comes from, for the translator.
	grep -E '^(#:|msgid )' "$T/untranslated.po" | sed 's/^/#   /'
fi

msgfmt --check --check-format --output-file=/dev/null "$T/merged.po" 2>"$T/msgfmt.err"
is "$?" 0 "each msgstr has the placeholders of its msgid (msgfmt --check-format)"
grep -v "should not contain the '\\\\r' escape" "$T/msgfmt.err" | sed 's/^/#   /'
# The msgid of each entry msgfmt faults (it names lines of merged.po).
for n in $(sed -n 's|^.*/merged\.po:\([0-9]*\): .*|\1|p' "$T/msgfmt.err" | sort -un); do
	awk -v n="$n" '/^$/ { if (NR > n) exit; id = "" } /^msgid / { id = $0 } NR >= n && id != "" { print "#   fault at: " id; exit }' "$T/merged.po"
done

finish
