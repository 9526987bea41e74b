//! Results as an Apache Parquet file (`--format parquet -o file`).

use std::io::Write;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;

/// Writes Parquet into memory and hands on the bytes as row groups are
/// finished, so the output need not be `Send` and a large result is not
/// held whole.
pub struct ParquetOut {
    writer: ArrowWriter<Vec<u8>>,
}

fn to_arrow(e: datafusion::parquet::errors::ParquetError) -> ArrowError {
    ArrowError::ExternalError(Box::new(e))
}

impl ParquetOut {
    /// A Parquet writer for rows of `schema`.
    pub fn new(schema: SchemaRef) -> Result<Self, ArrowError> {
        let writer = ArrowWriter::try_new(Vec::new(), schema, None).map_err(to_arrow)?;
        Ok(Self { writer })
    }

    /// Adds one batch, passing on any finished bytes.
    pub fn write(&mut self, batch: &RecordBatch, out: &mut impl Write) -> Result<(), ArrowError> {
        self.writer.write(batch).map_err(to_arrow)?;
        // The writer keeps its own byte offsets, so what it has already
        // flushed can be taken out of its buffer.
        let done = std::mem::take(self.writer.inner_mut());
        out.write_all(&done)?;
        Ok(())
    }

    /// Writes the footer and the rest.
    pub fn finish(self, out: &mut impl Write) -> Result<(), ArrowError> {
        let rest = self.writer.into_inner().map_err(to_arrow)?;
        out.write_all(&rest)?;
        Ok(())
    }
}
