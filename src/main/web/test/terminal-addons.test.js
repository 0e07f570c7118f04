import { test } from 'node:test';
import assert from 'node:assert/strict';
import { softwareRenderer } from '../src/terminal-addons.js';

test('software WebGL renderers are told apart from GPUs', () => {
  assert.equal(softwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)'), true);
  assert.equal(softwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)'), true);
  assert.equal(softwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11)'), true);
  assert.equal(softwareRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)'), false);
  assert.equal(softwareRenderer('Apple M2'), false);
  assert.equal(softwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)'), false);
});
