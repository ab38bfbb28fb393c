<?php

function sample_rows(): array
{
    return [['north', 10], ['south', 7], ['north', 5]];
}

function load_rows(string $path): array
{
    if (!is_readable($path)) {
        return sample_rows();
    }
    return array_map(fn ($line) => str_getcsv($line), file($path, FILE_IGNORE_NEW_LINES));
}

function totals(array $rows, float $rate): array
{
    $totals = [];
    foreach ($rows as [$region, $amount]) {
        $totals[$region] = ($totals[$region] ?? 0) + $amount * $rate;
    }
    return $totals;
}
