// DataViewSchema: the named, typed columns of a data view (ML.NET's DataViewSchema, without annotations or
// hidden columns). Immutable; build one with DataViewSchema.Builder.
using System.Collections;

namespace Experiments.ML.Data;

/// <summary>
/// The columns of a data view, each with a name, an index and a <see cref="DataViewType"/>. Column names are
/// unique and case-sensitive. Immutable; create one with <see cref="Builder"/>.
/// </summary>
public sealed class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] _columns;

    private DataViewSchema(Column[] columns) => _columns = columns;

    /// <summary>Number of columns.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public Column this[int index] => _columns[index];

    /// <summary>The column named <paramref name="name"/>; a <see cref="DataException"/> listing the columns if there is none.</summary>
    public Column this[string name] =>
        GetColumnOrNull(name) ?? throw new DataException(
            $"The schema has no column '{name}'. Its columns are: {this}. Check the column name (names are case-sensitive).");

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public Column? GetColumnOrNull(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (Column column in _columns)
            if (string.Equals(column.Name, name, StringComparison.Ordinal))
                return column;
        return null;
    }

    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The columns as <c>Name: Type</c>, comma-separated.</summary>
    public override string ToString() => _columns.Length == 0 ? "(no columns)" : string.Join(", ", (IEnumerable<Column>)_columns);

    /// <summary>One column of a schema: its name, its position and its type. Compared by value.</summary>
    public sealed class Column : IEquatable<Column>
    {
        internal Column(string name, int index, DataViewType type)
        {
            Name = name;
            Index = index;
            Type = type;
        }

        /// <summary>The column name (unique in its schema, case-sensitive).</summary>
        public string Name { get; }

        /// <summary>The position of the column in its schema.</summary>
        public int Index { get; }

        /// <summary>The type of the column's values.</summary>
        public DataViewType Type { get; }

        public bool Equals(Column? other) =>
            other is not null && other.Index == Index && string.Equals(other.Name, Name, StringComparison.Ordinal) && other.Type.Equals(Type);

        public override bool Equals(object? obj) => Equals(obj as Column);

        public override int GetHashCode() => HashCode.Combine(Name, Index, Type);

        public override string ToString() => $"{Name}: {Type}";
    }

    /// <summary>Collects columns in order and creates the schema.</summary>
    public sealed class Builder
    {
        private readonly List<Column> _columns = [];

        /// <summary>Appends a column; names must be non-blank and not already used.</summary>
        public Builder AddColumn(string name, DataViewType type)
        {
            ArgumentNullException.ThrowIfNull(type);
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"A column name must not be blank; got {(name is null ? "null" : $"'{name}'")}.", nameof(name));
            foreach (Column column in _columns)
                if (string.Equals(column.Name, name, StringComparison.Ordinal))
                    throw new ArgumentException($"Column '{name}' is already in the schema (column {column.Index}, {column.Type}); column names must be unique.", nameof(name));
            _columns.Add(new Column(name, _columns.Count, type));
            return this;
        }

        /// <summary>The schema of the columns added so far.</summary>
        public DataViewSchema ToSchema() => new([.. _columns]);
    }
}
