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
    private readonly ResponseKeys _responseKeys;
    private readonly object?[] _values;

    internal ResultMap(ResponseKeys keys, object?[] values)
    {
        _responseKeys = keys;
        _values = values;
    }

    private string[] KeyNames => _responseKeys.Names;

    /// <inheritdoc />
    public int Count => KeyNames.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => KeyNames;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values;

    /// <inheritdoc />
    public object? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    /// <inheritdoc />
    public bool ContainsKey(string key) => Array.IndexOf(KeyNames, key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var i = Array.IndexOf(KeyNames, key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < KeyNames.Length; i++) yield return new KeyValuePair<string, object?>(KeyNames[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal object? ValueAt(int index) => _values[index];

    // For the executor, which fills the values, and for ResultRecycler, which reuses the map.
    internal object?[] ValuesArray => _values;

    internal ResponseKeys ResponseKeys => _responseKeys;

    internal JsonEncodedText EncodedKeyAt(int index) => _responseKeys.Encoded[index];
}
