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

/// The fixed `key=value` pairs of the query string written into a path template, decoded:
/// `[("download", "true")]` for `/files/{id}?download=true&format={format}`. A pair without
/// `=` has an empty value; a pair that holds a variable is not fixed.
pub fn fixed_query_pairs(path: &str) -> Vec<(String, String)> {
    let decoded = |text: &str| crate::pointer::percent_decode(text).map_or_else(|_| text.to_owned(), String::from);
    query_string(path)
        .into_iter()
        .flat_map(|query| query.split('&'))
        .filter(|part| !part.is_empty() && !part.contains('{'))
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (decoded(key), decoded(value))
        })
        .collect()
}

/// The query string written into a path template, after its `?`, if there is one.
pub fn query_string(path: &str) -> Option<&str> {
    path.split_once('?').map(|(_, query)| query)
}

#[cfg(test)]
mod tests {
    use super::{fixed_query_pairs, query_string, query_variables, route, template_variables};

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
        let pair = |key: &str, value: &str| (key.to_owned(), value.to_owned());
        assert_eq!(
            fixed_query_pairs("/files/{id}?download=true&format={format}&a%20b=c%2Fd&flag"),
            [pair("download", "true"), pair("a b", "c/d"), pair("flag", "")]
        );
        assert_eq!(fixed_query_pairs("/files/{id}"), []);
    }
}
