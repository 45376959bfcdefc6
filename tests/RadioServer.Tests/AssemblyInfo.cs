// These tests run real stations paced by the real clock (byte rate within 1 %, no delivery gaps) next to
// CPU-heavy ones (200 listeners, audio analysis, real ffmpeg/icecast2). Run one class at a time so a
// timing assertion measures the station, not a neighbour test starving it of the machine's 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
