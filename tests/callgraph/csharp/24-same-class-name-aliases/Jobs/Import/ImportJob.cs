namespace Jobs.Import
{
    public class Job
    {
        public string Run() => $"import: {CountRows("a;b;c")} rows";

        private static int CountRows(string csv) => csv.Split(';').Length;
    }
}
