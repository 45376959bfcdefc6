namespace RadioServer.Source;

/// <summary>
/// Decodes an HTTP/1.1 chunked request body incrementally (Liquidsoap can send one; Icecast 2.4.4 passes the
/// framing through into the audio). Written by hand because the source body is read from the raw connection,
/// before Kestrel's HTTP parser.
/// </summary>
internal sealed class ChunkedDecoder
{
    private long _remaining;
    private bool _inSizeLine = true;
    private bool _skipCrlf;
    private long _size;
    private bool _sizeDone;

    public bool Finished { get; private set; }

    /// <summary>Writes the payload bytes found in <paramref name="input"/> to <paramref name="output"/>; returns how many.</summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int written = 0;
        int i = 0;
        while (i < input.Length && !Finished)
        {
            if (_skipCrlf)
            {
                if (input[i] == '\n')
                {
                    _skipCrlf = false;
                    _inSizeLine = true;
                }

                i++;
                continue;
            }

            if (_inSizeLine)
            {
                byte b = input[i++];
                if (b == '\n')
                {
                    _inSizeLine = false;
                    _remaining = _size;
                    if (_size == 0)
                    {
                        Finished = true;
                    }

                    _size = 0;
                    _sizeDone = false;
                }
                else if (!_sizeDone && Uri.IsHexDigit((char)b))
                {
                    _size = (_size * 16) + (b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10); // no string per digit
                    if (_size > int.MaxValue)
                    {
                        throw new InvalidDataException("chunk too large");
                    }
                }
                else if (b is (byte)';' or (byte)' ' or (byte)'\r')
                {
                    _sizeDone = true; // chunk extensions are ignored
                }
                else if (!_sizeDone)
                {
                    throw new InvalidDataException("bad chunk size");
                }

                continue;
            }

            int take = (int)Math.Min(_remaining, input.Length - i);
            input.Slice(i, take).CopyTo(output[written..]);
            written += take;
            i += take;
            _remaining -= take;
            if (_remaining == 0)
            {
                _skipCrlf = true;
            }
        }

        return written;
    }
}
