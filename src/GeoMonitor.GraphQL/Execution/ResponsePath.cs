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

/// <summary>
/// A field's or an item's response path before it is made: the parent's path and this segment. The executor makes
/// a path object only when something needs one — an error, a resolver's context, a child that needs its parent's —
/// so the leaves of a large list, and objects whose fields are all leaves, cost none.
/// </summary>
internal readonly struct PathRef
{
    private readonly ResponsePath? _path;
    private readonly string? _name;
    private readonly int _index;
    private readonly Kind _kind;

    private enum Kind : byte
    {
        Root,
        Made,
        Name,
        Index,
        NameIndex,
    }

    private PathRef(ResponsePath? path, string? name, int index, Kind kind)
    {
        _path = path;
        _name = name;
        _index = index;
        _kind = kind;
    }

    /// <summary>The root object's path (none).</summary>
    public static PathRef Root => default;

    /// <summary>A path already made.</summary>
    public static PathRef Made(ResponsePath? path) => path is null ? Root : new(path, null, 0, Kind.Made);

    /// <summary>A response key under a parent.</summary>
    public static PathRef Field(ResponsePath? parent, string name) => new(parent, name, 0, Kind.Name);

    /// <summary>A list index under a parent.</summary>
    public static PathRef Item(ResponsePath? parent, int index) => new(parent, null, index, Kind.Index);

    /// <summary>
    /// The path of the next item of a list at this path: under the list's path when made, otherwise two segments at
    /// once (the list's key and the index), so that a list whose items are all leaves makes no path at all.
    /// </summary>
    public PathRef ItemOf(int index, ref ResponsePath? listPath) => _kind switch
    {
        Kind.Made => Item(_path, index),
        Kind.Name => new(_path, _name, index, Kind.NameIndex),
        _ => Item(listPath ??= Make(), index),
    };

    /// <summary>Whether this is the root object's path.</summary>
    public bool IsRoot => _kind == Kind.Root;

    /// <summary>Whether this is the path of a root field.</summary>
    public bool IsRootField => _kind switch
    {
        Kind.Name or Kind.Index => _path is null,
        Kind.NameIndex => false,
        Kind.Made => _path!.Parent is null,
        _ => false,
    };

    /// <summary>The path object (null for the root).</summary>
    public ResponsePath? Make() => _kind switch
    {
        Kind.Made => _path,
        Kind.Name => new ResponsePath(_path, _name!),
        Kind.Index => new ResponsePath(_path, _index),
        Kind.NameIndex => new ResponsePath(new ResponsePath(_path, _name!), _index),
        _ => null,
    };
}
