using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.GraphQL.Scalars;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// A coerced GraphQL input value as the JSON body the REST API would have received, so that the write use cases read
/// both surfaces' input with one reader (and refuse it with one message). Enum values already carry the stored
/// spelling; absent and null input fields are left out, as the body readers treat them alike.
/// </summary>
public static class InputJson
{
    /// <summary>The input as a JSON element (null becomes a JSON null).</summary>
    public static JsonElement Element(object? input)
    {
        var node = Node(input);
        return node is null ? JsonDocument.Parse("null").RootElement.Clone() : JsonSerializer.SerializeToElement(node);
    }

    /// <summary>An object of the given members (null values left out), e.g. a review built from a mutation's arguments.</summary>
    public static JsonElement Object(params (string Name, object? Value)[] members) =>
        Element(members.Where(m => m.Value is not null).ToDictionary(m => m.Name, m => m.Value));

    private static JsonNode? Node(object? value) => value switch
    {
        null => null,
        GeoJsonInput g => JsonNode.Parse(g.Json),
        DateTimeOffset t => JsonValue.Create(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)),
        DateTime t => JsonValue.Create(t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)),
        string s => JsonValue.Create(s),
        bool f => JsonValue.Create(f),
        JsonElement e => JsonNode.Parse(e.GetRawText()),
        IReadOnlyDictionary<string, object?> d => new JsonObject(d.Where(kv => kv.Value is not null)
            .Select(kv => KeyValuePair.Create(kv.Key, Node(kv.Value)))),
        IDictionary<string, object?> d => new JsonObject(d.Where(kv => kv.Value is not null)
            .Select(kv => KeyValuePair.Create(kv.Key, Node(kv.Value)))),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(Node).ToArray()),
        _ => JsonSerializer.SerializeToNode(value),
    };
}
