namespace GeoMonitor.GraphQL.Language;

/// <summary>A GraphQL document's text together with a name used in error messages.</summary>
/// <param name="Body">The document text.</param>
/// <param name="Name">A name for the text, such as a file name or "GraphQL request".</param>
public sealed record Source(string Body, string Name = "GraphQL request")
{
    /// <summary>Computes the 1-based line and column of a character offset, counting \r\n, \n and \r as line ends.</summary>
    public SourceLocation GetLocation(int position)
    {
        int line = 1, lineStart = 0;
        var body = Body;
        var end = Math.Min(position, body.Length);
        for (var i = 0; i < end; i++)
        {
            var c = body[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (c == '\r')
            {
                if (i + 1 < body.Length && body[i + 1] == '\n') i++;
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceLocation(line, position - lineStart + 1);
    }
}
