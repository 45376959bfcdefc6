using RadioServer.LoadTest;

// Socket completions run inline on the epoll threads instead of hopping to the thread pool: each read's work here is
// a few hundred nanoseconds of parsing that never blocks, and the hop would cost more than the work at 15,000
// listeners. The runtime reads this variable once, when the first socket is made, so it must be set before that.
// An explicit DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0 from the caller wins.
if (Environment.GetEnvironmentVariable(LoadTestCli.InlineCompletionsVariable) is null)
{
    Environment.SetEnvironmentVariable(LoadTestCli.InlineCompletionsVariable, "1");
}

return await LoadTestCli.InvokeAsync(args);
