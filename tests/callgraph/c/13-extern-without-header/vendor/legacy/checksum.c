unsigned legacy_checksum_fold(const char *s)
{
    unsigned h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return (h >> 16) ^ (h & 0xffffu);
}
