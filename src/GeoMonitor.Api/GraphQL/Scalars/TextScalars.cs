using System.Text.RegularExpressions;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.Api.GraphQL.Scalars;

/// <summary>
/// Slug and Cursor: strings with a format, refused at input coercion when they do not have it; FeedToken: a string kept
/// as given, which the changes feed itself reads (so that a bad one is refused as GET /api/changes refuses it).
/// </summary>
public static partial class TextScalars
{
    /// <summary>Slug: the format of the slug columns (CHECK in V001).</summary>
    public static ScalarType Slug { get; } = new("Slug", v => v, v => SlugOf(v), (node, vars) => SlugOf(Text(node, vars)));

    /// <summary>Cursor: an opaque position made by this API; parsed into a <see cref="PageCursor"/>.</summary>
    public static ScalarType Cursor { get; } = new("Cursor",
        v => v is PageCursor c ? c.Encode() : v,
        v => CursorOf(v),
        (node, vars) => CursorOf(Text(node, vars)));

    /// <summary>FeedToken: a position in the changes feed (a page's next, a change's position), opaque text.</summary>
    public static ScalarType FeedToken { get; } = new("FeedToken",
        v => v is Features.Changes.ChangeToken t ? t.Encode() : v,
        v => FeedTokenOf(v),
        (node, vars) => FeedTokenOf(node is StringValueNode or VariableNode ? Text(node, vars) : null));

    // Only its type is checked here: the feed reads the token, so that a bad one gets the feed's own refusal.
    private static string FeedTokenOf(object? v) => v as string ?? throw ScalarErrors.Refuse("FeedToken", "must be a string", v);

    private static string SlugOf(object? v) =>
        v is string s && SlugPattern().IsMatch(s)
            ? s
            : throw ScalarErrors.Refuse("Slug", "must be lower-case letters, digits and hyphens, starting with a letter or digit, at most 80 characters", v);

    private static PageCursor CursorOf(object? v) =>
        v is string s && PageCursor.TryDecode(s, out var c)
            ? c
            : throw ScalarErrors.Refuse("Cursor", "must be a cursor from an edge or pageInfo of this API", v);

    private static object? Text(ValueNode node, IReadOnlyDictionary<string, object?>? vars) => node switch
    {
        StringValueNode s => s.Value,
        VariableNode v when vars is not null && vars.TryGetValue(v.Name.Value, out var value) => value,
        _ => node.GetType().Name,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,79}$")]
    private static partial Regex SlugPattern();
}
