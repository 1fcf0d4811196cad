process.stdout.write('ipe-author: not yet\n');
