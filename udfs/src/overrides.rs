//! Making Quarry's functions replace DataFusion's built-ins of the same name
//! for good.
//!
//! Registering a function only overwrites the names it claims. A built-in
//! that is still reachable under another name (DataFusion's `date_trunc` is
//! also `datetrunc`; its `to_char` is also `date_format`) comes back whenever
//! a session state is rebuilt from an existing one
//! (`SessionStateBuilder::new_from_existing` re-registers every function in
//! hash order), so which of the two wins would be left to chance.
//! `register_all` therefore removes every entry of a built-in whose name
//! Quarry takes, and keeps a built-in whose alias only is taken under its
//! other names.

use std::collections::BTreeSet;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, Expr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature,
};
use datafusion::prelude::SessionContext;

/// A built-in scalar function with some of its aliases removed.
#[derive(Debug, PartialEq, Eq, Hash)]
struct WithoutAliases {
    inner: ScalarUDF,
    aliases: Vec<String>,
}

impl ScalarUDFImpl for WithoutAliases {
    fn name(&self) -> &str {
        self.inner.name()
    }
    fn aliases(&self) -> &[String] {
        &self.aliases
    }
    fn signature(&self) -> &Signature {
        self.inner.signature()
    }
    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.inner.inner().return_type(arg_types)
    }
    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        self.inner.inner().return_field_from_args(args)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        self.inner.inner().invoke_with_args(args)
    }
    fn simplify(&self, args: Vec<Expr>, info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        self.inner.inner().simplify(args, info)
    }
    fn short_circuits(&self) -> bool {
        self.inner.inner().short_circuits()
    }
    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.inner.inner().coerce_types(arg_types)
    }
    fn documentation(&self) -> Option<&Documentation> {
        self.inner.inner().documentation()
    }
}

/// Clears the way for `quarry` (names and aliases, lower-case) in `ctx`.
pub fn clear_builtins(
    ctx: &SessionContext,
    quarry_scalars: &BTreeSet<String>,
    quarry_aggregates: &BTreeSet<String>,
) -> Result<()> {
    let state = ctx.state();
    let mut seen = BTreeSet::new();
    for udf in state.scalar_functions().values() {
        if !seen.insert(udf.name().to_string()) {
            continue;
        }
        let taken = |n: &String| quarry_scalars.contains(&n.to_ascii_lowercase());
        let name_taken = quarry_scalars.contains(&udf.name().to_ascii_lowercase());
        if !name_taken && !udf.aliases().iter().any(taken) {
            continue;
        }
        for alias in udf.aliases() {
            ctx.deregister_udf(alias);
        }
        ctx.deregister_udf(udf.name());
        if !name_taken {
            let aliases = udf
                .aliases()
                .iter()
                .filter(|a| !taken(a))
                .cloned()
                .collect();
            let kept = WithoutAliases {
                inner: udf.as_ref().clone(),
                aliases,
            };
            ctx.register_udf(ScalarUDF::new_from_shared_impl(Arc::new(kept)));
        }
    }
    for udaf in state.aggregate_functions().values() {
        let taken = |n: &String| quarry_aggregates.contains(&n.to_ascii_lowercase());
        let name_taken = quarry_aggregates.contains(&udaf.name().to_ascii_lowercase());
        if name_taken {
            for alias in udaf.aliases() {
                ctx.deregister_udaf(alias);
            }
        } else if udaf.aliases().iter().any(taken) {
            return Err(DataFusionError::Internal(format!(
                "a Quarry aggregate takes an alias of DataFusion's '{}'; give it a wrapper like the scalar one",
                udaf.name()
            )));
        }
    }
    Ok(())
}
