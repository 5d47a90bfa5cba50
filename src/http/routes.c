/*
 * routes.c - the route table: every endpoint, its guard and its input shape.
 *
 * The dispatcher enforces the columns (authentication, body limit, content type,
 * method, specs) before a handler runs. docs/openapi.yaml documents each entry; a
 * unit test checks that every route here appears there.
 */
#include "http/api.h"
#include "base/banned.h"

#define KB 1024

const struct route routes[] = {
	{ "GET", "/healthz", api_healthz, R_PUBLIC, 0, NULL, NULL, "process is alive" },
	{ "GET", "/readyz", api_readyz, R_PUBLIC, 0, NULL, NULL, "database is reachable" },
	{ "GET", "/api/v1/openapi.json", api_openapi, R_PUBLIC, 0, NULL, NULL, "this API" },

	{ "POST", "/api/v1/session", api_login, R_PUBLIC, 4 * KB, &spec_login, NULL, "log in" },
	{ "DELETE", "/api/v1/session", api_logout, R_PW_OK | R_SESSION, 0, NULL, NULL, "log out" },
	{ "GET", "/api/v1/me", api_me, R_PW_OK, 0, NULL, NULL, "the caller's account" },
	{ "POST", "/api/v1/me/password", api_password_change, R_PW_OK | R_SESSION, 4 * KB,
	  &spec_password_change, NULL, "change own password" },
	{ "GET", "/api/v1/me/tokens", api_tokens_list, 0, 0, NULL, NULL, "own API tokens" },
	{ "POST", "/api/v1/me/tokens", api_token_create, R_SESSION, 4 * KB, &spec_token_new, NULL,
	  "create an API token" },
	{ "DELETE", "/api/v1/me/tokens/{id}", api_token_revoke, 0, 0, NULL, NULL,
	  "revoke an API token" },

	{ "GET", "/api/v1/users", api_users_list, 0, 0, NULL, &spec_user_query, "list users" },
	{ "POST", "/api/v1/users", api_user_create, 0, 8 * KB, &spec_user_new, NULL,
	  "create a user" },
	{ "GET", "/api/v1/users/{id}", api_user_get, 0, 0, NULL, NULL, "a user" },
	{ "PATCH", "/api/v1/users/{id}", api_user_patch, 0, 4 * KB, &spec_user_patch, NULL,
	  "rename, disable or enable a user" },
	{ "POST", "/api/v1/users/{id}/password", api_user_reset_password, 0, 4 * KB,
	  &spec_user_reset, NULL, "reset a user's password" },
	{ "PUT", "/api/v1/users/{id}/access", api_user_set_access, 0, 8 * KB, &spec_user_access,
	  NULL, "set roles, membership and clearance" },

	{ "GET", "/api/v1/regions", api_regions_list, 0, 0, NULL, &spec_region_query,
	  "GB/T 2260 regions" },
	{ "POST", "/api/v1/regions", api_region_create, 0, 4 * KB, &spec_region_new, NULL,
	  "add a region" },
	{ "GET", "/api/v1/authorities", api_authorities_list, 0, 0, NULL, NULL, "secrecy bureaus" },
	{ "POST", "/api/v1/authorities", api_authority_create, 0, 4 * KB, &spec_authority_new, NULL,
	  "create a secrecy bureau" },
	{ "GET", "/api/v1/authorities/{id}", api_authority_get, 0, 0, NULL, NULL, "a bureau" },
	{ "PATCH", "/api/v1/authorities/{id}", api_authority_patch, 0, 4 * KB,
	  &spec_authority_patch, NULL, "rename a bureau" },
	{ "GET", "/api/v1/units", api_units_list, 0, 0, NULL, &spec_unit_query, "list units" },
	{ "POST", "/api/v1/units", api_unit_create, 0, 8 * KB, &spec_unit_new, NULL,
	  "register a unit" },
	{ "GET", "/api/v1/units/{id}", api_unit_get, 0, 0, NULL, NULL, "a unit" },
	{ "PATCH", "/api/v1/units/{id}", api_unit_patch, 0, 8 * KB, &spec_unit_patch, NULL,
	  "update a unit" },
	{ "PUT", "/api/v1/units/{id}/label", api_unit_set_label, 0, 4 * KB, &spec_label, NULL,
	  "set a unit record's security label" },

	{ "GET", "/api/v1/audit", api_audit_list, 0, 0, NULL, &spec_audit_query,
	  "search the audit trail" },
	{ "GET", "/api/v1/audit/verify", api_audit_verify, 0, 0, NULL, NULL,
	  "verify the audit trail" },
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
