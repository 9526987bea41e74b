//! Shared plumbing for the array functions: the documentation section.

use datafusion::logical_expr::DocSection;

/// Where the array functions appear in `SHOW FUNCTIONS` documentation.
pub(crate) const ARRAY_SECTION: DocSection = DocSection {
    include: true,
    label: "Array Functions",
    description: Some("Trino-compatible array functions; positions count from 1."),
};
