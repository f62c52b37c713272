#!/bin/sh
# The printed notice (grid-report(1), PRINTING): every HTML notice — weekly,
# monthly and yearly, zh_CN and C, a street and a whole city — printed by headless
# Chromium is A4 portrait, has the pages it should, and nothing is cut: the
# text of the PDF (pdftotext) holds every row of the notice's tables.  A
# machine without chromium or poppler-utils fails here (make deps installs
# them): the print is what the office posts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/notice_seed.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
check "chromium is installed (make deps)" test -n "$CHROMIUM"
check "pdfinfo and pdftotext are installed (poppler-utils)" command -v pdfinfo pdftotext
check "a CJK font is installed (fonts-noto-cjk)" sh -c 'fc-list :lang=zh | grep -q .'
zh_setup

# print NAME MIN MAX LANG ARGS...: grid ARGS as HTML and JSON under LANG,
# the HTML printed to $T/NAME.pdf, checked against the JSON.
print() {
	name=$1 lo=$2 hi=$3 lang=$4
	shift 4
	case $lang in
	zh_CN*) top=前三名 bottom=后三名 ;;
	*) top="top 3" bottom="bottom 3" ;;
	esac
	env -u LC_ALL -u LANGUAGE LANG="$lang" "$GRID" "$@" --format html >"$T/$name.html" 2>"$T/stderr" &&
		env -u LC_ALL -u LANGUAGE LANG="$lang" "$GRID" "$@" --format json >"$T/$name.json" 2>"$T/stderr"
	is "$?" 0 "$name: grid $* --format html and json"
	# No network: a proxy on the discard port; a profile of the test's own.
	timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --no-pdf-header-footer \
		--user-data-dir="$T/chromium" --no-first-run --disable-sync --disable-background-networking \
		--disable-component-update --proxy-server=http://127.0.0.1:9 \
		--print-to-pdf="$T/$name.pdf" "file://$T/$name.html" >"$T/chromium.log" 2>&1
	cp "$T/$name.pdf" "${NOTICE_PDF_DIR:-$T}/" 2>/dev/null
	check "$name: chromium printed it" test -s "$T/$name.pdf"
	python3 "$SRCDIR/tests/cli/print_check.py" "$T/$name.json" "$T/$name.pdf" "$lo" "$hi" "$top" "$bottom"
	_report $? "$name: A4 portrait, $lo to $hi pages, every row of its tables in the PDF"
}

# ---- a street: examples/street.yaml ---------------------------------------------
export GRID_DB="$(db_new street)"
notice_seed "$GRID_DB"
is "$?" 0 "the example street"
langs=C.UTF-8
[ -n "$zh" ] && langs="zh_CN.UTF-8 $langs"
for lang in $langs; do
	l=${lang%%_*}
	l=${l%%.*}
	print "street-monthly-$l" 1 2 "$lang" report monthly --month 2026-10 --unit 410102011
	# 17 overdue cases with long titles: still two pages
	print "street-weekly-$l" 1 2 "$lang" report weekly --week 2026-W45 --unit 410102011
	# the year: the monthly notice's sections and the evaluation's
	print "street-yearly-$l" 1 3 "$lang" report yearly --year 2026 --unit 410102011
done

# ---- a whole city: tests/data/gencity.py, 20000 cases ------------------------------
export GRID_DB="$(db_new city)"
python3 "$SRCDIR/tests/data/gencity.py" --scale city --roster "$T/city.yaml" --ledger "$T/city.csv" --cases 20000 2>/dev/null
printf 'settings:\n  ranking: {level: district}\n  notice: {office: 郑州市城市管理委员会, issuer: 郑州市网格化服务管理中心}\n' >"$T/city-settings.yaml"
run init
run -q import "$T/city.yaml"
run -q import "$T/city-settings.yaml"
run -q --now 2026-01-01 issue import "$T/city.csv"
is "$status" 0 "a city of 12717 units and 20000 cases"
for lang in $langs; do
	l=${lang%%_*}
	l=${l%%.*}
	print "city-monthly-$l" 2 6 "$lang" report monthly --month 2025-06
	print "city-weekly-$l" 2 6 "$lang" report weekly --week 2025-W24
done

finish
