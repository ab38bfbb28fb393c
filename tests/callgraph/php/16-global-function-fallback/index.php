<?php

require_once 'lib/functions.php';
require_once 'src/Support/Paths.php';

use App\Support\Paths;

echo Paths::storage('cache.db'), "\n";
echo Paths::logs(), "\n";
echo app_path(), "\n";
