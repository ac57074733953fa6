/**
 * The PyTorch code that rebuilds a module: torch.nn classes in the same order (so the same state-dict
 * names), options under PyTorch's names. test/integration/torch-roundtrip.test.ts runs it in PyTorch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, nn, type Tensor } from '../../src/index.js';
import { torchLoadingCode, torchModuleCode } from '../../src/io/torch-code.js';

test('mlp() with options and dropout becomes the torch.nn.Sequential of the same names', () => {
  const net = nn.mlp([4, 3, 2], { activation: 'leakyRelu', activationParams: { negativeSlope: 0.2 }, dropout: 0.5, bias: false });
  assert.deepEqual(net.namedParameters().map(([name]) => name), ['0.weight', '3.weight'], 'Linear, LeakyReLU, Dropout, Linear');
  assert.equal(torchModuleCode(net),
    'torch.nn.Sequential(torch.nn.Linear(4, 3, bias=False), torch.nn.LeakyReLU(negative_slope=0.2), torch.nn.Dropout(p=0.5), torch.nn.Linear(3, 2, bias=False))');
});

test('string, boolean and infinite options are Python literals; PReLU and Flatten have their torch forms', () => {
  assert.equal(torchModuleCode(new nn.GELU({ approximate: 'tanh' })), "torch.nn.GELU(approximate='tanh')");
  assert.equal(torchModuleCode(new nn.Softplus({ beta: 2, threshold: 20 })), 'torch.nn.Softplus(beta=2, threshold=20)');
  assert.equal(torchModuleCode(new nn.Hardtanh({ minVal: -Infinity, maxVal: 1 })), "torch.nn.Hardtanh(min_val=float('-inf'), max_val=1)");
  assert.equal(torchModuleCode(new nn.Sequential(new nn.Flatten(), new nn.PReLU({ numParameters: 3 }))),
    'torch.nn.Sequential(torch.nn.Flatten(start_dim=1, end_dim=-1), torch.nn.PReLU(num_parameters=3))');
});

test("a module with no torch.nn equivalent is refused by name; the loading lines quote the path as Python", () => {
  class Custom extends nn.Module {
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.throws(() => torchModuleCode(new nn.Sequential(new Custom())), (e: Error) => e instanceof ArgumentError && /no torch\.nn equivalent is known for Custom/.test(e.message));
  assert.equal(torchLoadingCode(nn.mlp([1, 1]), "it's.safetensors")[2], "model.load_state_dict(load_file('it\\'s.safetensors'))");
});
