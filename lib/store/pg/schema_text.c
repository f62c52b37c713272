const char pg_schema_v2[] = "";
