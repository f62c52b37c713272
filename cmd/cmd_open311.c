/* grid open311: the categories and the cases as Open311 GeoReport v2
 * documents (services and requests), in JSON or XML.
 *
 * Both documents are streamed a record at a time: the JSON array is
 * opened, each object dumped as it comes, then closed; the XML goes
 * through libxml2's xmlTextWriter straight into stdout, which escapes the
 * text and keeps the nesting right.  Memory stays flat at any size. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>

#include "cli.h"

#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* One field of a record; a NULL string, or null set, is an empty field. */
enum doc_type { DOC_STR, DOC_INT, DOC_BOOL, DOC_TIME, DOC_REAL };

struct doc_field {
	const char *name;
	enum doc_type type;
	const char *s;
	int64_t i;
	double d;
	int null;
};

/* A document being written: the root and record names of the spec's XML
 * (services/service, service_requests/request); JSON is an array.  It
 * starts with its first record, or at its end when there is none, so
 * that an error before any row leaves stdout empty. */
struct doc {
	int xml;
	const char *root, *record;
	xmlTextWriterPtr w;
	int started;
	int records;
	int failed;
};

static void doc_init(struct doc *d, int xml, const char *root, const char *record)
{
	memset(d, 0, sizeof(*d));
	d->xml = xml;
	d->root = root;
	d->record = record;
}

static void doc_start(struct doc *d)
{
	d->started = 1;
	if (!d->xml) {
		if (fputc('[', stdout) == EOF)
			d->failed = 1;
		return;
	}
	/* The writer's buffer goes to the same FILE: nothing of ours waits. */
	fflush(stdout);
	d->w = xmlNewTextWriter(xmlOutputBufferCreateFile(stdout, NULL));
	if (!d->w || xmlTextWriterStartDocument(d->w, NULL, "UTF-8", NULL) < 0 ||
		xmlTextWriterStartElement(d->w, BAD_CAST d->root) < 0)
		d->failed = 1;
}

/* The text of F for XML into BUF (32 bytes at least); NULL when empty. */
static const char *field_text(const struct doc_field *f, char *buf, size_t size)
{
	if (f->null || (f->type == DOC_STR && !f->s) || (f->type == DOC_TIME && !f->i))
		return NULL;
	switch (f->type) {
	case DOC_STR: return f->s;
	case DOC_INT: snprintf(buf, size, "%lld", (long long)f->i); break;
	case DOC_BOOL: return f->i ? "true" : "false";
	case DOC_TIME: grid_time_format(buf, size, f->i); break;
	case DOC_REAL: snprintf(buf, size, "%.15g", f->d); break;
	}
	return buf;
}

static json_t *field_json(const struct doc_field *f)
{
	char buf[40];
	const char *text;

	if (f->type == DOC_INT && !f->null)
		return json_integer(f->i);
	if (f->type == DOC_BOOL && !f->null)
		return json_boolean(f->i);
	if (f->type == DOC_REAL && !f->null)
		return json_real(f->d);
	text = field_text(f, buf, sizeof(buf));
	return text ? json_string(text) : json_null();
}

static void record_json(struct doc *d, const struct doc_field *f, size_t n)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; o && i < n; i++)
		if (json_object_set_new(o, f[i].name, field_json(&f[i])))
			d->failed = 1;
	if (!o || (d->records && fputc(',', stdout) == EOF) || json_dumpf(o, stdout, JSON_FLAGS))
		d->failed = 1;
	json_decref(o);
}

static void record_xml(struct doc *d, const struct doc_field *f, size_t n)
{
	char buf[40];
	const char *text;
	size_t i;

	if (xmlTextWriterStartElement(d->w, BAD_CAST d->record) < 0)
		d->failed = 1;
	for (i = 0; !d->failed && i < n; i++) {
		text = field_text(&f[i], buf, sizeof(buf));
		if (xmlTextWriterStartElement(d->w, BAD_CAST f[i].name) < 0 ||
			(text && xmlTextWriterWriteString(d->w, BAD_CAST text) < 0) ||
			xmlTextWriterEndElement(d->w) < 0)
			d->failed = 1;
	}
	if (!d->failed && xmlTextWriterEndElement(d->w) < 0)
		d->failed = 1;
}

/* Write one record; a failure is kept in D and stops the walk. */
static int doc_record(struct doc *d, const struct doc_field *f, size_t n)
{
	if (!d->started)
		doc_start(d);
	if (d->failed)
		return GRID_EFAIL;
	if (d->xml)
		record_xml(d, f, n);
	else
		record_json(d, f, n);
	d->records++;
	return d->failed ? GRID_EFAIL : 0;
}

/* Close the document after the walk that returned RC.  Returns the exit
 * status, the error printed. */
static int doc_end(struct doc *d, int rc)
{
	if (rc && !d->failed && !d->started)
		return cli_fail(rc);
	if (!d->started)
		doc_start(d);
	if (d->xml) {
		if (!d->failed && (xmlTextWriterEndDocument(d->w) < 0 || xmlTextWriterFlush(d->w) < 0))
			d->failed = 1;
		if (d->w)
			xmlFreeTextWriter(d->w);
		if (!d->failed && fputc('\n', stdout) == EOF)
			d->failed = 1;
	} else if (!d->failed && fputs("]\n", stdout) == EOF) {
		d->failed = 1;
	}
	if (rc && !d->failed)
		return cli_fail(rc);
	if (d->failed) {
		cli_error("%s", _("cannot write the document"));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* ---- open311 services ----------------------------------------------------- */

static int service_record(void *ctx, const grid_open311_service *s)
{
	/* metadata false: grid asks nothing beyond the case itself; keywords
	 * empty: the roster keeps none. */
	const struct doc_field f[] = {
		{ "service_code", DOC_STR, s->code, 0, 0, 0 },
		{ "service_name", DOC_STR, s->name, 0, 0, 0 },
		{ "description", DOC_STR, s->name, 0, 0, 0 },
		{ "metadata", DOC_BOOL, NULL, 0, 0, 0 },
		{ "type", DOC_STR, "realtime", 0, 0, 0 },
		{ "keywords", DOC_STR, NULL, 0, 0, 0 },
		{ "group", DOC_STR, s->group, 0, 0, 0 },
	};

	return doc_record(ctx, f, sizeof(f) / sizeof(f[0]));
}

static int cmd_open311_services(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	struct doc d;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	doc_init(&d, c->format == FMT_XML, "services", "service");
	return doc_end(&d, grid_open311_services(c->db, service_record, &d));
}

/* ---- open311 requests ----------------------------------------------------- */

static int request_record(void *ctx, const grid_open311_request *r)
{
	/* service_notice and media_url stay empty: grid keeps neither a notice
	 * per category nor photos. */
	const struct doc_field f[] = {
		{ "service_request_id", DOC_INT, NULL, r->id, 0, 0 },
		{ "status", DOC_STR, r->status, 0, 0, 0 },
		{ "status_notes", DOC_STR, r->status_notes, 0, 0, 0 },
		{ "service_name", DOC_STR, r->service_name, 0, 0, 0 },
		{ "service_code", DOC_STR, r->service_code, 0, 0, 0 },
		{ "description", DOC_STR, r->description, 0, 0, 0 },
		{ "agency_responsible", DOC_STR, r->agency_name, 0, 0, 0 },
		{ "service_notice", DOC_STR, NULL, 0, 0, 0 },
		{ "requested_datetime", DOC_TIME, NULL, r->requested_at, 0, 0 },
		{ "updated_datetime", DOC_TIME, NULL, r->updated_at, 0, 0 },
		{ "expected_datetime", DOC_TIME, NULL, r->expected_at, 0, 0 },
		{ "address", DOC_STR, r->address, 0, 0, 0 },
		{ "address_id", DOC_STR, r->address_id, 0, 0, 0 },
		{ "lat", DOC_REAL, NULL, 0, r->lat, !r->has_position },
		{ "long", DOC_REAL, NULL, 0, r->lon, !r->has_position },
		{ "media_url", DOC_STR, NULL, 0, 0, 0 },
	};

	return doc_record(ctx, f, sizeof(f) / sizeof(f[0]));
}

/* Read the options of `open311 requests` into Q and set up.  Returns -1
 * to go on, or the exit status. */
static int read_request_args(struct cli *c, int argc, char **argv, grid_open311_query *q)
{
	enum { O_STATUS = 1, O_SINCE, O_UNTIL };
	static const struct cli_opt opts[] = {
		{ "status", 0, ARG_REQUIRED, O_STATUS },
		{ "since", 0, ARG_REQUIRED, O_SINCE },
		{ "until", 0, ARG_REQUIRED, O_UNTIL },
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct cli_args it;
	const char *arg, *status = NULL, *since = NULL, *until = NULL;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		switch (opt) {
		case O_STATUS: status = arg; break;
		case O_SINCE: since = arg; break;
		case O_UNTIL: until = arg; break;
		}
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if (status && strcmp(status, "open") == 0)
		q->status = GRID_OPEN311_OPEN;
	else if (status && strcmp(status, "closed") == 0)
		q->status = GRID_OPEN311_CLOSED;
	else if (status)
		return cli_usage_error(c, _("--status is open or closed, not '%s'"), status);
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")) ||
		(since && (rc = cli_parse_time(c, "since", since, &q->since))) ||
		(until && (rc = cli_parse_time(c, "until", until, &q->until))))
		return rc;
	return -1;
}

static int cmd_open311_requests(struct cli *c, int argc, char **argv)
{
	grid_open311_query q = GRID_OPEN311_QUERY_INIT;
	struct doc d;
	int rc;

	if ((rc = read_request_args(c, argc, argv, &q)) >= 0)
		return rc;
	doc_init(&d, c->format == FMT_XML, "service_requests", "request");
	return doc_end(&d, grid_open311_requests(c->db, &q, request_record, &d));
}

const struct cli_verb cli_open311_verbs[] = {
	{ "services", cmd_open311_services, CLI_NEED_DB | CLI_GEOREPORT_FORMATS, "grid open311 services [--format json|xml]",
	  N_("Write the categories as Open311 GeoReport v2 services.") },
	{ "requests", cmd_open311_requests, CLI_NEED_DB | CLI_GEOREPORT_FORMATS,
	  "grid open311 requests [--status open|closed] [--since T] [--until T] [--format json|xml]",
	  N_("Write the cases as Open311 GeoReport v2 service requests, newest first.") },
	{ NULL, NULL, 0, NULL, NULL },
};
