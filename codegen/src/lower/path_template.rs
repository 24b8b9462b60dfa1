//! Reading path templates such as `/accounts/{account_id}/apps`, for the parameters that fill
//! them and for the scoped handle that their shared prefix gives.

/// The `{name}` variables of a path template, in order.
pub(super) fn template_variables(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

#[cfg(test)]
mod tests {
    use super::template_variables;

    #[test]
    fn lists_variables_in_order() {
        assert_eq!(template_variables("/accounts/{account_id}/apps/{app_id}"), ["account_id", "app_id"]);
        assert_eq!(template_variables("/sessions"), Vec::<String>::new());
        assert_eq!(template_variables("/files/{name}.{extension}"), ["name", "extension"]);
    }
}
