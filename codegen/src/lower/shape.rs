//! [`Shape`]: what a schema lowers to before it is placed, as the schema, scalar, `allOf` and
//! union lowering all return it.

use crate::ir::{TypeKind, TypeRef};

/// What a schema lowers to before it is placed: its own item, or a reference in place.
pub(super) enum Shape {
    Item(TypeKind),
    Ref(TypeRef),
}
