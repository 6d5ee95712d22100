// DatasetFileFingerprint: one dataset file as a model package records it (file name, payload SHA-256, rows).
namespace Experiments.ML.Data.Catalog;

/// <summary>
/// One file of the data a model was trained and evaluated on: its catalog file name (e.g.
/// <c>train-images-idx3-ubyte.gz</c>), the SHA-256 of its decompressed IDX payload (lowercase hex), and the number
/// of rows (the first IDX dimension: images or labels).
/// </summary>
public sealed record DatasetFileFingerprint(string FileName, string PayloadSha256, int Rows);
