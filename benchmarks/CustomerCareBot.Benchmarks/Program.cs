using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CustomerCareBot.Benchmarks.CustomerCareRunBenchmark).Assembly).Run(args);
