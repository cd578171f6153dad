import { describe, expect, it } from 'vitest';
import { faceGuidance } from './face-guidance';

const box = (x: number, y: number, width: number, height: number) => ({ boundingBox: { x, y, width, height } });

describe('人脸识别 guidance from a face detector', () => {
  it('says where the face should go', () => {
    expect(faceGuidance([], 640, 480)).toBe('未检测到人脸，请将面部置于椭圆框内');
    expect(faceGuidance([box(200, 100, 200, 240), box(10, 10, 50, 60)], 640, 480)).toBe(
      '画面中有多张人脸，请确保只有本人',
    );
    expect(faceGuidance([box(300, 200, 60, 80)], 640, 480)).toBe('请靠近一些');
    expect(faceGuidance([box(100, 0, 440, 470)], 640, 480)).toBe('请离远一些');
    expect(faceGuidance([box(20, 120, 180, 220)], 640, 480)).toBe('请将面部移到椭圆框中央');
    expect(faceGuidance([box(230, 120, 180, 240)], 640, 480)).toBeNull();
  });
});
