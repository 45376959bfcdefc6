using Microsoft.Win32.SafeHandles;

namespace RadioServer.LoadTest;

/// <summary>
/// File descriptors handled before the ramp, for two reasons. (1) The kernel grows a process's descriptor table by
/// doubling, and in a multi-threaded process every growth waits for an RCU grace period (about 10 ms): the listener
/// whose socket crossed 256, 512, 1024 ... descriptors showed that as connect time. Opening as many descriptors as the
/// run will need, once, grows the table up front (it never shrinks). (2) A few are kept and given back when the
/// listeners have used up the rest (EMFILE): without them the runtime cannot start a thread-pool thread or print the
/// error, and dies with "Out of memory".
/// </summary>
internal sealed class DescriptorReserve : IDisposable
{
    private const int Kept = 16;
    private readonly List<SafeFileHandle> _handles = [];

    /// <param name="tableSize">How many descriptors to open (and close again, but for <see cref="Kept"/>) now.</param>
    public DescriptorReserve(int tableSize)
    {
        try
        {
            while (_handles.Count < Math.Max(Kept, tableSize))
            {
                _handles.Add(File.OpenHandle("/dev/null"));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The limit was reached (an unknown limit lower than the run needs, which EMFILE will report later), or
            // no /dev/null (not Linux): keep what was opened.
        }

        while (_handles.Count > Kept)
        {
            _handles[^1].Dispose();
            _handles.RemoveAt(_handles.Count - 1);
        }
    }

    public void Release()
    {
        foreach (var handle in _handles)
        {
            handle.Dispose();
        }

        _handles.Clear();
    }

    public void Dispose() => Release();
}
