using System.Globalization;
using System.Text;

namespace GeoMonitor.Geo.GeoJson;

/// <summary>
/// Where the reader is in the document. Built as a parent-linked chain so the path string is only
/// formatted when an error is actually reported.
/// </summary>
internal sealed class JsonPathNode
{
    internal static readonly JsonPathNode Root = new(null, null, -1);

    private readonly JsonPathNode? _parent;
    private readonly string? _property;
    private readonly int _index;

    private JsonPathNode(JsonPathNode? parent, string? property, int index)
    {
        _parent = parent;
        _property = property;
        _index = index;
    }

    internal JsonPathNode Property(string name) => new(this, name, -1);

    internal JsonPathNode Index(int index) => new(this, null, index);

    public override string ToString()
    {
        var segments = new Stack<JsonPathNode>();
        for (var node = this; node._parent is not null; node = node._parent)
        {
            segments.Push(node);
        }

        var text = new StringBuilder("$");
        foreach (var node in segments)
        {
            if (node._property is null)
            {
                text.Append('[').Append(node._index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (node._property.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                text.Append('.').Append(node._property);
            }
            else
            {
                text.Append("['").Append(node._property.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }

        return text.ToString();
    }
}
