using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using RadioServer.Benchmarks;

// dotnet run -c Release --project bench/RadioServer.Benchmarks -- --filter '*'
var config = DefaultConfig.Instance.AddColumn(new RealTimeColumn(), new CoreShareColumn());
BenchmarkSwitcher.FromAssembly(typeof(RealTimeColumn).Assembly).Run(args, config);
