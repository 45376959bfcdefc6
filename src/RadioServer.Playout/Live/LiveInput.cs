namespace RadioServer.Playout.Live;

/// <summary>
/// The hand-over point between a live source's connection (writer, any thread) and the playout thread
/// (reader): a bounded FIFO of station-format PCM, plus who is on air. At most one source holds it.
/// </summary>
public sealed class LiveInput
{
    private readonly Lock _lock = new();
    private readonly float[] _ring;
    private int _start;
    private int _count;
    private string? _owner;
    private bool _rejected;

    /// <param name="capacitySamples">Interleaved samples held at most (older audio is dropped when a source sends too fast).</param>
    public LiveInput(int capacitySamples) => _ring = new float[capacitySamples];

    /// <summary>The presenter connected now, or null.</summary>
    public string? Owner
    {
        get
        {
            lock (_lock)
            {
                return _owner;
            }
        }
    }

    /// <summary>The title listeners see while live: set at connect and by metadata updates.</summary>
    public (string? Artist, string Title)? Title { get; private set; }

    /// <summary>Increments whenever <see cref="Title"/> changes, so the playout thread can notice.</summary>
    public int TitleVersion { get; private set; }

    /// <summary>Set when the playout side gave up on the source (silence); the connection should close.</summary>
    public bool Rejected
    {
        get
        {
            lock (_lock)
            {
                return _rejected;
            }
        }
    }

    public int Available
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Claims the input for <paramref name="presenter"/>; false while another presenter is on.</summary>
    public bool TryAcquire(string presenter, string title)
    {
        lock (_lock)
        {
            if (_owner is not null)
            {
                return false;
            }

            _owner = presenter;
            _rejected = false;
            _start = 0;
            _count = 0;
            Title = (null, title);
            TitleVersion++;
            return true;
        }
    }

    public void Release(string presenter)
    {
        lock (_lock)
        {
            if (_owner == presenter)
            {
                _owner = null;
            }
        }
    }

    public void SetTitle(string? artist, string title)
    {
        lock (_lock)
        {
            Title = (artist, title);
            TitleVersion++;
        }
    }

    internal void Reject()
    {
        lock (_lock)
        {
            _rejected = true;
            _owner = null;
            _count = 0;
        }
    }

    public void Write(ReadOnlySpan<float> samples)
    {
        lock (_lock)
        {
            if (_owner is null)
            {
                return;
            }

            foreach (float s in samples)
            {
                if (_count == _ring.Length)
                {
                    _start = (_start + 1) % _ring.Length; // overrun: drop the oldest
                    _count--;
                }

                _ring[(_start + _count) % _ring.Length] = s;
                _count++;
            }
        }
    }

    /// <summary>Reads up to <paramref name="into"/>.Length samples; returns how many.</summary>
    public int Read(Span<float> into)
    {
        lock (_lock)
        {
            int n = Math.Min(into.Length, _count);
            for (int i = 0; i < n; i++)
            {
                into[i] = _ring[(_start + i) % _ring.Length];
            }

            _start = (_start + n) % _ring.Length;
            _count -= n;
            return n;
        }
    }
}
