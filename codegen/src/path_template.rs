//! Reading path templates such as `/accounts/{account_id}/apps`, for the parameters that fill
//! them and for the scoped handle that their shared prefix gives.
//!
//! A template is the part before any `?`: some specs write a query string into the path key
//! (`/uploads?convert={convert}`), which is not part of the path the client requests.

/// The `{name}` variables of a path template, in order; a query string written into the
/// template holds none (its variables are query parameters).
pub fn template_variables(path: &str) -> Vec<String> {
    variables(route(path))
}

/// The `{name}` variables of the query string written into a path template, in order.
pub fn query_variables(path: &str) -> Vec<String> {
    query_string(path).map(variables).unwrap_or_default()
}

fn variables(template: &str) -> Vec<String> {
    template.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

/// The path a template names without any query string written into it: `/uploads` for
/// `/uploads?convert={convert}`.
pub fn route(path: &str) -> &str {
    path.split_once('?').map_or(path, |(route, _)| route)
}

/// The query string written into a path template, after its `?`, if there is one.
pub fn query_string(path: &str) -> Option<&str> {
    path.split_once('?').map(|(_, query)| query)
}

#[cfg(test)]
mod tests {
    use super::{query_string, query_variables, route, template_variables};

    #[test]
    fn lists_variables_in_order() {
        assert_eq!(template_variables("/accounts/{account_id}/apps/{app_id}"), ["account_id", "app_id"]);
        assert_eq!(template_variables("/sessions"), Vec::<String>::new());
        assert_eq!(template_variables("/files/{name}.{extension}"), ["name", "extension"]);
    }

    #[test]
    fn a_query_string_in_the_template_is_not_part_of_the_path() {
        assert_eq!(template_variables("/uploads/{id}?convert={convert}"), ["id"]);
        assert_eq!(route("/uploads/{id}?convert={convert}"), "/uploads/{id}");
        assert_eq!(query_string("/uploads/{id}?convert={convert}"), Some("convert={convert}"));
        assert_eq!(route("/uploads"), "/uploads");
        assert_eq!(query_string("/uploads"), None);
        assert_eq!(query_variables("/uploads/{id}?convert={convert}&a=b&c={c}"), ["convert", "c"]);
        assert_eq!(query_variables("/uploads/{id}"), Vec::<String>::new());
    }
}
