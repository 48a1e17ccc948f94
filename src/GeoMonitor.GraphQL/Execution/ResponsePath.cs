namespace GeoMonitor.GraphQL.Execution;

/// <summary>The path of a field in the response: response keys and list indices, linked to the parent path.</summary>
public sealed class ResponsePath
{
    private readonly string? _name;
    private readonly int _index;

    /// <summary>Creates a path segment under a parent: a response key (string) or a list index (int).</summary>
    public ResponsePath(ResponsePath? parent, object key)
    {
        Parent = parent;
        if (key is int index) _index = index;
        else _name = key as string ?? key?.ToString() ?? throw new ArgumentNullException(nameof(key));
    }

    /// <summary>A response key segment.</summary>
    public ResponsePath(ResponsePath? parent, string name)
    {
        Parent = parent;
        _name = name;
    }

    // A list index is kept unboxed: a list of N objects makes N of these.
    internal ResponsePath(ResponsePath? parent, int index)
    {
        Parent = parent;
        _index = index;
    }

    /// <summary>The enclosing path, or null at the root.</summary>
    public ResponsePath? Parent { get; }

    /// <summary>A response key (string) or a list index (int).</summary>
    public object Key => _name ?? (object)_index;

    /// <summary>The segments from the root down to this one.</summary>
    public IReadOnlyList<object> ToList()
    {
        var list = new List<object>();
        for (var p = this; p is not null; p = p.Parent) list.Add(p.Key);
        list.Reverse();
        return list;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(".", ToList());
}
