using GeoMonitor.Api.Features.Common;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>Raised when a CSV file as a whole cannot be used (no header, wrong delimiter, unknown columns).</summary>
public sealed class CsvHeaderException(string message, IReadOnlyList<FieldError>? errors = null) : Exception(message)
{
    /// <summary>Column-level problems, when there are several.</summary>
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];
}

/// <summary>
/// Reads reports from CSV: a header row naming the columns (GeoMonitor names or ACLED column names), optionally
/// followed — or replaced — by an HXL hashtag row (#date+occurred, #geo+lat, #geo+lon, …), then one report per row.
/// </summary>
public sealed class CsvReports(CsvRecordReader csv)
{
    private string[] _columns = [];

    /// <summary>Reads the header (and an HXL row if present); throws <see cref="CsvHeaderException"/> when it cannot be used.</summary>
    public async Task ReadHeaderAsync(CancellationToken ct)
    {
        var header = await csv.ReadAsync(ct) ?? throw new CsvHeaderException("The file is empty; send a header row and at least one report.");
        if (header.Count == 1)
        {
            var only = header[0];
            var hint = only.Contains(';') ? "';' (semicolons)" : only.Contains('\t') ? "tabs" : only.Contains('|') ? "'|'" : null;
            if (hint is not null)
                throw new CsvHeaderException($"The header row is separated by {hint}; GeoMonitor reads comma-separated CSV. Re-export the file with commas as the delimiter (\"CSV UTF-8 (comma delimited)\").");
        }
        List<string>? hxl = null;
        if (header.All(c => c.Length == 0 || IncidentFields.IsHashtag(c)) && header.Any(IncidentFields.IsHashtag)) (hxl, header) = (header, [.. header.Select(_ => "")]);
        else
        {
            // The HXL row, if any, is the row after the header: peeked here and consumed only if it is one.
            Pending = await csv.ReadAsync(ct);
            PendingLine = csv.RecordLine;
            if (Pending is not null && Pending.Any(IncidentFields.IsHashtag) && Pending.All(c => c.Length == 0 || IncidentFields.IsHashtag(c)))
            {
                hxl = Pending;
                Pending = null;
            }
        }

        var errors = new List<FieldError>();
        _columns = new string[header.Count];
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
        {
            var tag = hxl is not null && i < hxl.Count ? hxl[i].Trim() : "";
            var byTag = tag.Length > 0 ? IncidentFields.FromHashtag(tag) : null;
            var name = header[i].Trim();
            var byName = name.Length > 0 ? IncidentFields.Canonical(name) : null;
            var canonical = byTag ?? byName;
            var label = name.Length > 0 ? name : tag.Length > 0 ? tag : $"column {i + 1}";
            if (canonical is null)
            {
                if (name.Length == 0 && tag.Length == 0) { _columns[i] = ""; continue; } // an unnamed empty column (a trailing comma)
                errors.Add(new FieldError(null, label, $"unknown column{(tag.Length > 0 ? $" (hashtag {tag} not recognized)" : "")}; known columns: {string.Join(", ", IncidentFields.All)}", 1));
                continue;
            }
            if (seen.TryGetValue(canonical, out var other))
            {
                errors.Add(new FieldError(null, label, $"gives {canonical} again (also column {other + 1})", 1));
                continue;
            }
            seen[canonical] = i;
            _columns[i] = canonical;
        }
        if (errors.Count > 0) throw new CsvHeaderException("The header has columns GeoMonitor does not know; nothing was stored.", errors);
    }

    private List<string>? Pending { get; set; }
    private long PendingLine { get; set; }

    /// <summary>The next data row as fields by canonical name, with its line; null at the end.</summary>
    public async Task<(Dictionary<string, RawValue> Fields, long Line, string? ShapeError)?> ReadRowAsync(CancellationToken ct)
    {
        List<string>? cells;
        long line;
        if (Pending is not null) (cells, line, Pending) = (Pending, PendingLine, null);
        else
        {
            cells = await csv.ReadAsync(ct);
            line = csv.RecordLine;
        }
        if (cells is null) return null;
        var fields = new Dictionary<string, RawValue>(_columns.Length);
        string? shape = null;
        if (cells.Count > _columns.Length && cells.Skip(_columns.Length).Any(c => c.Length > 0))
            shape = $"has {cells.Count} cells but the header has {_columns.Length} columns (an unquoted comma inside a value?)";
        for (var i = 0; i < _columns.Length && i < cells.Count; i++)
            if (_columns[i].Length > 0) fields[_columns[i]] = RawValue.Text(cells[i]);
        return (fields, line, shape);
    }
}
