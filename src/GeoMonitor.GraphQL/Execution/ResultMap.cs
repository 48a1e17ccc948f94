using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// An object in the response: keys in selection order (spec 6.3 "ordered map"), values filled in by field execution.
/// Keys are shared by every object completed from the same selection set, so a list of N objects costs N value arrays.
/// </summary>
public sealed class ResultMap : IReadOnlyDictionary<string, object?>
{
    private readonly string[] _keys;
    private readonly object?[] _values;
    private readonly ResponseKeys? _encoded;

    internal ResultMap(string[] keys, object?[] values)
    {
        _keys = keys;
        _values = values;
    }

    internal ResultMap(ResponseKeys keys, object?[] values)
    {
        _keys = keys.Names;
        _values = values;
        _encoded = keys;
    }

    /// <inheritdoc />
    public int Count => _keys.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _keys;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values;

    /// <inheritdoc />
    public object? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    /// <inheritdoc />
    public bool ContainsKey(string key) => Array.IndexOf(_keys, key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var i = Array.IndexOf(_keys, key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++) yield return new KeyValuePair<string, object?>(_keys[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal string KeyAt(int index) => _keys[index];

    internal object? ValueAt(int index) => _values[index];

    internal JsonEncodedText EncodedKeyAt(int index) => _encoded is { } e ? e.Encoded[index] : JsonEncodedText.Encode(_keys[index], ResultJsonWriter.Encoder);
}
