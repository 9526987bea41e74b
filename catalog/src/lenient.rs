//! Hive's text semantics for delimited tables: a field that does not
//! convert to its column's type reads as NULL instead of failing the query.
//!
//! LazySimpleSerDe (and so every `ROW FORMAT DELIMITED` table pasted from
//! AWS's documentation) turns `-` in an `int` column, the way VPC flow logs
//! write a NODATA record, into NULL. DataFusion's CSV reader refuses the
//! whole file instead. So such a table is read with every data column as
//! text, and each value is converted with a safe cast (NULL on failure)
//! above the scan. Partition columns keep their types and their pruning.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::compute::CastOptions;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::util::display::FormatOptions;
use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::TableType;
use datafusion::datasource::listing::helpers::expr_applicable_for_cols;
use datafusion::error::Result;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::expressions::{CastExpr, Column};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::projection::ProjectionExec;

/// Casts that give NULL for a value that does not convert.
const SAFE: CastOptions<'static> = CastOptions {
    safe: true,
    format_options: FormatOptions::new(),
};

/// A table read as text and converted per value (see the module docs).
#[derive(Debug)]
pub struct LenientTable {
    inner: Arc<dyn TableProvider>,
    schema: SchemaRef,
    partition_columns: Vec<String>,
}

impl LenientTable {
    /// `inner` reads every data column as `Utf8`; `schema` is the declared
    /// one, with the same columns in the same order.
    pub fn new(
        inner: Arc<dyn TableProvider>,
        schema: SchemaRef,
        partition_columns: Vec<String>,
    ) -> Self {
        Self {
            inner,
            schema,
            partition_columns,
        }
    }

    fn is_partition_filter(&self, filter: &Expr) -> bool {
        let names: Vec<&str> = self.partition_columns.iter().map(String::as_str).collect();
        !names.is_empty() && expr_applicable_for_cols(&names, filter)
    }
}

#[async_trait]
impl TableProvider for LenientTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        // Only partition filters reach the inner table (its data columns
        // are text, so a typed filter would not apply there); the rest are
        // evaluated above this scan.
        Ok(filters
            .iter()
            .map(|f| {
                if self.is_partition_filter(f) {
                    TableProviderFilterPushDown::Exact
                } else {
                    TableProviderFilterPushDown::Unsupported
                }
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let partition_filters: Vec<Expr> = filters
            .iter()
            .filter(|f| self.is_partition_filter(f))
            .cloned()
            .collect();
        let plan = self
            .inner
            .scan(state, projection, &partition_filters, limit)
            .await?;
        let columns: Vec<usize> = match projection {
            Some(p) => p.clone(),
            None => (0..self.schema.fields().len()).collect(),
        };
        let input = plan.schema();
        let exprs = columns
            .iter()
            .enumerate()
            .map(|(at, &index)| {
                let field = self.schema.field(index);
                let column: Arc<dyn PhysicalExpr> = Arc::new(Column::new(field.name(), at));
                let have = input.field(at).data_type();
                let expr: Arc<dyn PhysicalExpr> =
                    if have == field.data_type() || *have != DataType::Utf8 {
                        column
                    } else {
                        Arc::new(CastExpr::new(column, field.data_type().clone(), Some(SAFE)))
                    };
                (expr, field.name().clone())
            })
            .collect::<Vec<_>>();
        Ok(Arc::new(ProjectionExec::try_new(exprs, plan)?))
    }
}
