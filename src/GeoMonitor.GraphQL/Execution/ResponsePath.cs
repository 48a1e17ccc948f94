namespace GeoMonitor.GraphQL.Execution;

/// <summary>The path of a field in the response: response keys and list indices, linked to the parent path.</summary>
public sealed class ResponsePath
{
    /// <summary>Creates a path segment under a parent.</summary>
    public ResponsePath(ResponsePath? parent, object key)
    {
        Parent = parent;
        Key = key;
    }

    /// <summary>The enclosing path, or null at the root.</summary>
    public ResponsePath? Parent { get; }

    /// <summary>A response key (string) or a list index (int).</summary>
    public object Key { get; }

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
