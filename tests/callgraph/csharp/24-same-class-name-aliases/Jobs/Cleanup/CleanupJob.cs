namespace Jobs.Cleanup
{
    public class Job
    {
        public string Run() => Describe("cleanup");

        private static string Describe(string name) => $"{name}: removed 3 files";
    }
}
