using System.Text;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>Raised for a CSV file that cannot be tokenized (an unterminated quote, invalid UTF-8).</summary>
public sealed class CsvFormatException(string message, long line) : Exception(message)
{
    /// <summary>The line of the file where the problem is.</summary>
    public long Line { get; } = line;
}

/// <summary>
/// A streaming RFC 4180 reader: comma-separated, fields optionally in double quotes (a doubled quote inside is
/// one quote, and quoted fields may span lines), records ended by CRLF, LF or CR. The text must be UTF-8
/// (a byte-order mark is skipped; UTF-16 with a byte-order mark is also understood). Blank lines are skipped.
/// </summary>
public sealed class CsvRecordReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    private readonly StringBuilder _field = new();
    private long _line = 1;

    /// <summary>The line the last record returned started on (1-based).</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record's fields, or null at the end of the file.</summary>
    public async Task<List<string>?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            var record = await ReadRecordAsync(ct);
            if (record is null) return null;
            if (record.Count == 1 && record[0].Length == 0) continue; // blank line
            return record;
        }
    }

    private char[] _buf = new char[1 << 16];
    private int _pos, _len;

    private async ValueTask<int> NextAsync(CancellationToken ct)
    {
        if (_pos == _len)
        {
            try { _len = await _reader.ReadAsync(_buf.AsMemory(), ct); }
            catch (DecoderFallbackException) { throw new CsvFormatException("The file is not valid UTF-8; save it as CSV UTF-8.", _line); }
            _pos = 0;
            if (_len == 0) return -1;
        }
        return _buf[_pos++];
    }

    private async ValueTask<int> PeekAsync(CancellationToken ct)
    {
        var c = await NextAsync(ct);
        if (c >= 0) _pos--;
        return c;
    }

    private async Task<List<string>?> ReadRecordAsync(CancellationToken ct)
    {
        var first = await PeekAsync(ct);
        if (first < 0) return null;
        RecordLine = _line;
        var record = new List<string>();
        _field.Clear();
        var quoted = false;
        var startLine = _line;
        while (true)
        {
            var c = await NextAsync(ct);
            if (quoted)
            {
                if (c < 0) throw new CsvFormatException($"A quoted field opened on line {startLine} is never closed.", startLine);
                if (c == '"')
                {
                    if (await PeekAsync(ct) == '"') { await NextAsync(ct); _field.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n' || (c == '\r' && await PeekAsync(ct) != '\n')) _line++;
                    _field.Append((char)c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when _field.Length == 0:
                    quoted = true;
                    startLine = _line;
                    break;
                case ',':
                    record.Add(_field.ToString());
                    _field.Clear();
                    break;
                case '\r':
                    if (await PeekAsync(ct) == '\n') await NextAsync(ct);
                    _line++;
                    record.Add(_field.ToString());
                    return record;
                case '\n':
                    _line++;
                    record.Add(_field.ToString());
                    return record;
                case -1:
                    record.Add(_field.ToString());
                    return record;
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
