// IDataView: what every data view offers, whatever produces it (ML.NET's IDataView, small).
namespace Experiments.ML.Data;

/// <summary>
/// A lazy, immutable, repeatable table of rows with a known <see cref="Schema"/> (ML.NET's <c>IDataView</c>).
/// Reading it twice gives the same rows in the same order; views never copy the data they select.
/// </summary>
public interface IDataView
{
    /// <summary>The columns every row has.</summary>
    DataViewSchema Schema { get; }

    /// <summary>Number of rows.</summary>
    int RowCount { get; }
}
